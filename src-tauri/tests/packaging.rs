//! What the .deb installs for the desktop, checked by the desktop's own
//! checkers: the AppStream metainfo (software centres) by `appstreamcli
//! validate`, the desktop entry by `desktop-file-validate`, and the MIME
//! type the entry and the metainfo name is the one the package registers.

use std::path::Path;
use std::process::Command;

fn packaging(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("packaging")
        .join(name)
}

fn run(tool: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed (make deps installs it): {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn the_appstream_metainfo_passes_appstreamcli_pedantic() {
    let file = packaging("app.travesia.editor.metainfo.xml");
    let (ok, text) = run(
        "appstreamcli",
        &["validate", "--no-net", "--pedantic", file.to_str().unwrap()],
    );
    assert!(ok, "{text}");
    let xml = std::fs::read_to_string(&file).unwrap();
    assert!(xml.contains("<mediatype>application/x-travesia</mediatype>"));
    assert!(xml.contains("<launchable type=\"desktop-id\">Travesia.desktop</launchable>"));
}

#[test]
fn the_desktop_entry_passes_desktop_file_validate() {
    // Tauri's bundler fills in the icon's name; the rest goes in as written.
    let template = std::fs::read_to_string(packaging("travesia.desktop")).unwrap();
    let entry = template.replace("{{icon}}", "travesia");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Travesia.desktop");
    std::fs::write(&file, &entry).unwrap();
    let (ok, text) = run("desktop-file-validate", &[file.to_str().unwrap()]);
    assert!(ok && text.trim().is_empty(), "{text}");
    assert!(entry.contains("MimeType=application/x-travesia;"));
    let mime = std::fs::read_to_string(packaging("app.travesia.editor.xml")).unwrap();
    assert!(mime.contains("<mime-type type=\"application/x-travesia\">"));
    assert!(mime.contains("<glob pattern=\"*.travesia\"/>"));
}

#[test]
fn the_package_installs_the_metainfo_and_the_mime_type() {
    let conf: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tauri.conf.json"))
            .unwrap(),
    )
    .unwrap();
    let files = &conf["bundle"]["linux"]["deb"]["files"];
    assert_eq!(
        files["/usr/share/metainfo/app.travesia.editor.metainfo.xml"],
        "packaging/app.travesia.editor.metainfo.xml"
    );
    assert_eq!(
        files["/usr/share/mime/packages/app.travesia.editor.xml"],
        "packaging/app.travesia.editor.xml"
    );
}
