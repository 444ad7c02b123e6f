//! `travesia`: a command runs here, headless; without one, the window's
//! binary (`travesia-app`, beside this one) takes over this process with the
//! same arguments.

use std::ffi::OsString;
use std::path::PathBuf;

use travesia_cli::{cli, APP_BINARY};

fn main() {
    let code = match cli::parse() {
        cli::Parsed::Exit(code) => code,
        cli::Parsed::Command(args) => {
            travesia_cli::stderr_log::init();
            cli::run(args)
        }
        cli::Parsed::Gui { .. } => open_window(std::env::args_os().skip(1).collect()),
    };
    std::process::exit(code);
}

/// The window's binary: beside this one (installed or built), else on PATH.
fn app_binary() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join(APP_BINARY)))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from(APP_BINARY))
}

fn open_window(args: Vec<OsString>) -> i32 {
    let app = app_binary();
    let mut command = std::process::Command::new(&app);
    command.args(args);
    #[cfg(unix)]
    let err = {
        use std::os::unix::process::CommandExt;
        // Same process, same name: the desktop sees one `travesia`.
        command.arg0("travesia").exec()
    };
    #[cfg(not(unix))]
    let err = match command.status() {
        Ok(status) => return status.code().unwrap_or(1),
        Err(e) => e,
    };
    eprintln!(
        "travesia: the window could not start ({}: {err}); is Travesía fully installed?",
        app.display()
    );
    1
}
