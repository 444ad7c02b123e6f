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

/// The `.travesia` type names its own icon, and the package installs that
/// icon where the icon theme looks for it (hicolor's scalable mimetypes).
#[test]
fn the_file_type_has_its_icon_where_the_mime_type_names_it() {
    let mime = std::fs::read_to_string(packaging("app.travesia.editor.xml")).unwrap();
    assert!(
        mime.contains(r#"<icon name="application-x-travesia"/>"#),
        "{mime}"
    );
    let conf: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tauri.conf.json"))
            .unwrap(),
    )
    .unwrap();
    let files = &conf["bundle"]["linux"]["deb"]["files"];
    let icon = files["/usr/share/icons/hicolor/scalable/mimetypes/application-x-travesia.svg"]
        .as_str()
        .expect("the icon is installed");
    let svg = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(icon)).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("viewBox"), "{icon}");
    for (dest, src) in [
        ("/usr/share/doc/travesia/copyright", "packaging/copyright"),
        (
            "/usr/share/man/man1/travesia.1.gz",
            "../target/package/travesia.1.gz",
        ),
    ] {
        assert_eq!(files[dest], src, "{dest}");
    }
    // Where lintian looks for a native package's changelog (the bundler's own
    // option puts it under the product name's folder instead).
    assert_eq!(
        files["/usr/share/doc/travesia/changelog.gz"],
        "../target/package/changelog.gz"
    );
}

/// The copyright file is machine-readable (DEP-5) and carries the texts of
/// the licences of everything built in, word for word as the source keeps
/// them (a licence updated in the source must be updated here too).
#[test]
fn the_copyright_file_names_every_licence_with_its_text() {
    let copyright = std::fs::read_to_string(packaging("copyright")).unwrap();
    assert!(copyright.starts_with(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
    ));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let as_dep5 = |text: &str| -> String {
        text.trim_end()
            .lines()
            .map(|l| {
                if l.trim().is_empty() {
                    " .".to_string()
                } else {
                    format!(" {}", l.trim_end())
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (licence, file) in [
        ("OFL-1.1", "ui/public/fonts/OFL.txt"),
        ("CC-BY-4.0", "ui/public/fonts/TwemojiMozilla-LICENSE.txt"),
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(
            copyright.contains(&format!("License: {licence}\n{}", as_dep5(&text))),
            "{licence}: the text of {file}"
        );
    }
    for files in [
        "Files: *",
        "Files: ui/public/fonts/Inter-*.otf",
        "Files: ui/public/fonts/TwemojiMozilla.ttf",
        "Files: icons/channels/*.svg",
    ] {
        assert!(copyright.contains(files), "{files}");
    }
    // Every paragraph that names files says whose they are and under what.
    for para in copyright.split("\n\n").filter(|p| p.starts_with("Files:")) {
        assert!(
            para.contains("\nCopyright: ") && para.contains("\nLicense: "),
            "{para}"
        );
    }
    let changelog = std::fs::read_to_string(packaging("changelog")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        changelog.starts_with(&format!("travesia ({version}) ")),
        "the changelog's newest entry is this version"
    );
    let man = std::fs::read_to_string(packaging("travesia.1")).unwrap();
    assert!(man.contains(&format!("\"Travesía {version}\"")));
}
