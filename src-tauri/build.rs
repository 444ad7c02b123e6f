//! The app's permissions come from the one list of commands
//! (src/command_list.rs): tauri-build makes an `allow-<command>` permission
//! for each, and this script writes the app's default permission set, which
//! grants them all and which capabilities/default.json grants the window.

macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        [$thread:ident] $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty = $module:ident :: $func:ident;
    )*) => {
        const COMMANDS: &[&str] = &[$(stringify!($name)),*];
    };
}

include!("src/command_list.rs");

fn main() {
    println!("cargo:rerun-if-changed=src/command_list.rs");
    let grants: Vec<String> = COMMANDS
        .iter()
        .map(|c| format!("  \"allow-{}\",", c.replace('_', "-")))
        .collect();
    let set = format!(
        "# Written by build.rs from src/command_list.rs. Do not edit.\n\n\
         [default]\n\
         description = \"Every command the page can call, and nothing else.\"\n\
         permissions = [\n{}\n]\n",
        grants.join("\n")
    );
    let dir = std::path::Path::new("permissions/generated");
    std::fs::create_dir_all(dir).expect("cannot make permissions/generated");
    let file = dir.join("default.toml");
    if std::fs::read_to_string(&file).ok().as_deref() != Some(set.as_str()) {
        std::fs::write(&file, set).expect("cannot write permissions/generated/default.toml");
    }
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
