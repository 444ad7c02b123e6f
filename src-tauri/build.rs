// The app's own commands are listed here once more so that tauri-build makes
// an `allow-<command>` permission for each; capabilities/default.json grants them.
const COMMANDS: &[&str] = &[
    "list_maps",
    "list_templates",
    "create_map",
    "delete_map",
    "open_map",
    "apply_edit",
    "undo",
    "redo",
    "system_locale",
    "get_setting",
    "set_setting",
    "set_window_title",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
