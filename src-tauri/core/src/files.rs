//! Writing files so that a failure never leaves a half-written file under the
//! final name (a full disk, a crash mid-write).

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to a temporary file beside `path`, syncs it, and renames it
/// over `path`. On error the temporary file is removed and `path` is untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomically`], for output produced piece by piece (a PNG
/// streamed strip by strip never has to fit in memory).
pub fn write_atomically_with(
    path: &Path,
    produce: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
        produce(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_whole_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("travesia-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("mapa.travesia");
        std::fs::write(&path, b"old").unwrap();
        write_atomically(&path, "nuevo ñ".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "nuevo ñ");
        // Only the file itself remains: the temporary was renamed, not copied.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        // A destination in a missing folder fails and creates nothing.
        assert!(write_atomically(&dir.join("no/such/dir.travesia"), b"x").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
