//! One running window per library: where it listens for later starts (and
//! the files they hand over).

use std::path::{Path, PathBuf};

/// Where the running app listens: one socket per library file, in the
/// user's runtime folder.
pub fn socket_path(library: &Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let canonical = library
        .parent()
        .and_then(|d| std::fs::canonicalize(d).ok())
        .map(|d| d.join(library.file_name().unwrap_or_default()))
        .unwrap_or_else(|| library.to_path_buf());
    let mut h = std::collections::hash_map::DefaultHasher::new();
    canonical.hash(&mut h);
    let dir = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|d| d.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    let user = std::env::var("USER").unwrap_or_default();
    dir.join(format!("travesia-{user}-{:016x}.sock", h.finish()))
}
