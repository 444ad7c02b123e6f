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
        keep_the_window_off_opengl();
    }
    chosen
}

/// Painting on the CPU, the window's own process only copies the bitmaps
/// the web process painted and needs no OpenGL. Still, GDK asks GLX for its
/// visuals when it opens the display, and WebKit's window side opens an EGL
/// display before it starts its web process: each loads Mesa's driver, and
/// with it `libLLVM` (about 20 MiB PSS in this process, measured with the
/// 1,500-card map open; `docs/BENCHMARKS.md`).
///
/// GDK is told through `GDK_GL=disable`. EGL cannot be turned off for the
/// whole process tree: the web process stops without an EGL display. But
/// libglvnd reads its list of drivers once per process, the first time EGL
/// is used. So this process asks for a display while that list names no
/// driver, and puts the environment back before any other process starts:
/// WebKit's later call here finds no driver, and the web process, started
/// with the environment as it was, finds Mesa. A person's own GDK_GL or
/// libglvnd settings are left as they are.
fn keep_the_window_off_opengl() {
    if std::env::var_os("GDK_GL").is_none() {
        std::env::set_var("GDK_GL", "disable");
    }
    const FILES: &str = "__EGL_VENDOR_LIBRARY_FILENAMES";
    const DIRS: &str = "__EGL_VENDOR_LIBRARY_DIRS";
    if std::env::var_os(FILES).is_some() || std::env::var_os(DIRS).is_some() {
        return;
    }
    // An empty file: libglvnd cannot read a driver from it.
    std::env::set_var(FILES, "/dev/null");
    egl_lists_its_drivers();
    std::env::remove_var(FILES);
}

/// Loads libglvnd's EGL and asks it for the default display, which makes
/// it read its list of drivers. The library stays loaded (WebKit uses it).
#[cfg(target_os = "linux")]
fn egl_lists_its_drivers() {
    // SAFETY: dlopen and dlsym with NUL-terminated names; the symbol, when
    // found, is libEGL's `eglGetDisplay`, whose C signature is
    // `EGLDisplay eglGetDisplay(EGLNativeDisplayType)`, both pointers, and
    // EGL_DEFAULT_DISPLAY is the null pointer. Called before any thread.
    unsafe {
        let lib = libc::dlopen(c"libEGL.so.1".as_ptr(), libc::RTLD_NOW);
        if lib.is_null() {
            return;
        }
        let symbol = libc::dlsym(lib, c"eglGetDisplay".as_ptr());
        if symbol.is_null() {
            return;
        }
        let get_display: unsafe extern "C" fn(*mut libc::c_void) -> *mut libc::c_void =
            std::mem::transmute(symbol);
        get_display(std::ptr::null_mut());
    }
}

#[cfg(not(target_os = "linux"))]
fn egl_lists_its_drivers() {}

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
