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
    "set_route_visible",
    "library_problem",
    "restore_library_backup",
    "list_trash",
    "restore_map",
    "delete_forever",
    "empty_trash",
    "duplicate_map",
    "rename_map",
    "search_maps",
    "map_thumbnail",
    "template_preview",
    "open_example",
    "take_opened_files",
    "open_file",
    "save_map_file",
    "pick_photo",
    "export_preview",
    "export_map",
    "cancel_export",
    "show_last_export",
    "take_snapshot",
    "list_snapshots",
    "snapshot_preview",
    "restore_snapshot",
    "set_menu_state",
    "set_fullscreen",
    "quit_app",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
