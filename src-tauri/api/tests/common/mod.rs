//! What the tests share: other programs that open and write what Travesía
//! reads and writes (Python's openpyxl and python-pptx, LibreOffice run
//! headless).

// Each test file uses some of these, not all.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use travesia_core::{templates, Map};

/// Converts `files` with LibreOffice headless (`soffice --convert-to
/// <to>`), in a profile of its own (two runs at once would share one and
/// fail), with `args` before the files (an `--infilter`, say), into `out`;
/// gives the files written, in the order of `files`.
pub fn libreoffice(to: &str, args: &[&str], files: &[PathBuf], out: &Path) -> Vec<PathBuf> {
    let profile = tempfile::tempdir().unwrap();
    let run = Command::new("timeout")
        .arg("600")
        .arg("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(out)
        .args(args)
        .args(files)
        .output()
        .expect("LibreOffice (soffice) is needed: make deps installs libreoffice-impress and libreoffice-calc");
    assert!(
        run.status.success(),
        "LibreOffice failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let ext = to.split(':').next().unwrap_or(to);
    files
        .iter()
        .map(|f| {
            let written = out.join(f.with_extension(ext).file_name().unwrap());
            assert!(
                written.exists(),
                "LibreOffice wrote no {}: {}",
                written.display(),
                String::from_utf8_lossy(&run.stdout)
            );
            written
        })
        .collect()
}

/// Runs a Python `script` with `args`; it must succeed. Gives what it printed.
pub fn python(script: &str, args: &[&Path]) -> Vec<u8> {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 is needed (make deps installs it, with tests/requirements.txt)");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Every template in Spanish, and two in English and Portuguese.
pub fn every_template() -> Vec<Map> {
    let mut all: Vec<Map> = templates::NAMES
        .iter()
        .map(|n| templates::load(n, "es").unwrap())
        .collect();
    all.push(templates::load("omnichannel", "en").unwrap());
    all.push(templates::load("ecommerce", "pt-BR").unwrap());
    all
}

/// What a command-line tool (poppler's `pdfinfo`, `pdftotext`…) prints;
/// fails the test when it cannot run or fails.
pub fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed (poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
