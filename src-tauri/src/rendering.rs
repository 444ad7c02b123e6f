//! How WebKit paints the window: composited in OpenGL, or painted by its
//! CPU path.
//!
//! With a GPU, WebKit composites the page's layers in OpenGL. Without one (a
//! virtual machine, a remote desktop, Xvfb) OpenGL is Mesa's software
//! renderer, and every frame that changes anything, however small, is
//! composited and copied in software over the whole window. Measured on the
//! development machine (2 cores, no GPU, 1440 × 900): a frame that only
//! changes one small box's colour takes 24 ms composited against 9 ms on
//! the CPU path, and the web process holds about 150 MiB less with a
//! 1,500-card map open (`docs/BENCHMARKS.md`). So where no GPU render node
//! exists, the app asks WebKit not to composite.
//!
//! `TRAVESIA_RENDERING` overrides the choice: `gpu` leaves WebKit's own
//! (compositing), `cpu` always paints on the CPU. A
//! `WEBKIT_DISABLE_COMPOSITING_MODE` the person set is left as it is.

use std::path::Path;

/// The two ways WebKit can paint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendering {
    /// WebKit's default: layers composited in OpenGL.
    Composited,
    /// No compositing: WebKit paints what changed on the CPU.
    Cpu,
}

/// What decides: the override, whether WebKit's own variable is set, and
/// whether the machine has a GPU render node.
pub fn choose(setting: Option<&str>, webkit_set: bool, gpu: bool) -> Option<Rendering> {
    if webkit_set {
        // The person's own WebKit setting stands.
        return None;
    }
    match setting.map(str::trim) {
        Some("gpu") => Some(Rendering::Composited),
        Some("cpu") => Some(Rendering::Cpu),
        _ if gpu => Some(Rendering::Composited),
        _ => Some(Rendering::Cpu),
    }
}

/// Whether `dri` (normally `/dev/dri`) holds a render node (`renderD128`…),
/// which a GPU's driver makes.
pub fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false)
}

/// Chooses, and tells WebKit through its environment variable (read when
/// its first view is made, and inherited by its web process). Called
/// before the window and any thread exist.
pub fn apply() -> Option<Rendering> {
    let setting = std::env::var("TRAVESIA_RENDERING").ok();
    let webkit_set = std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_some();
    let chosen = choose(
        setting.as_deref(),
        webkit_set,
        has_render_node(Path::new("/dev/dri")),
    );
    if chosen == Some(Rendering::Cpu) {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
        // Nor is there a composited frame to hand over, so WebKit's window
        // need not set up OpenGL buffers for one (about 10 MiB less).
        if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
            std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_gpu_webkit_paints_on_the_cpu() {
        assert_eq!(choose(None, false, false), Some(Rendering::Cpu));
        assert_eq!(choose(Some("auto"), false, false), Some(Rendering::Cpu));
        assert_eq!(choose(None, false, true), Some(Rendering::Composited));
    }

    #[test]
    fn the_override_wins_and_webkits_own_variable_is_left_alone() {
        assert_eq!(
            choose(Some("gpu"), false, false),
            Some(Rendering::Composited)
        );
        assert_eq!(choose(Some(" cpu "), false, true), Some(Rendering::Cpu));
        assert_eq!(choose(Some("cpu"), true, false), None);
        assert_eq!(choose(None, true, true), None);
    }

    #[test]
    fn a_render_node_is_found_by_its_name() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("card0"), "").unwrap();
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("renderD128"), "").unwrap();
        assert!(has_render_node(dir.path()));
        assert!(!has_render_node(&dir.path().join("missing")));
    }
}
