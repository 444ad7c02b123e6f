//! The harness for end-to-end tests: starts `tauri-driver` (which starts
//! WebKitWebDriver, which starts the real `travesia` binary in WebKitGTK),
//! opens a WebDriver session on it, and tears the whole process group down
//! afterwards, even when a test panics.
//!
//! Needs a display (the Makefile runs the tests inside `xvfb-run`), the
//! debug binary with the built UI and the test hooks (`make build-e2e`),
//! and `tauri-driver` (`make deps` installs it).

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{
    InputSource, KeyAction, KeyActions, MouseActions, PointerAction, MOUSE_BUTTON_LEFT,
};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

pub use fantoccini;

pub mod screen;

/// The workspace's root folder.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The app binary: `TRAVESIA_BIN`, else the workspace's debug build.
pub fn app_binary() -> PathBuf {
    std::env::var_os("TRAVESIA_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/debug/travesia-app"))
}

fn tauri_driver() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let installed = home.join(".cargo/bin/tauri-driver");
    if installed.exists() {
        installed
    } else {
        PathBuf::from("tauri-driver")
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free port")
}

/// Imports a `.travesia` file into the library at `db` with the command
/// line and returns the new map's id.
pub fn import_map(db: &Path, file: &Path) -> String {
    let out = Command::new(app_binary())
        .args([
            "--db",
            db.to_str().unwrap(),
            "import",
            file.to_str().unwrap(),
        ])
        .output()
        .expect("the app binary runs");
    assert!(
        out.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Scripted answers for the app's native file dialogs (the app reads the
/// file named by `TRAVESIA_TEST_DIALOG_ANSWERS` once per dialog: first line
/// is the chosen path, an empty line is Cancel).
pub struct DialogAnswers {
    pub file: PathBuf,
}

impl DialogAnswers {
    pub fn new(dir: &Path) -> DialogAnswers {
        let file = dir.join("dialog-answers.txt");
        std::fs::write(&file, "").unwrap();
        DialogAnswers { file }
    }

    /// The next dialog answers `path` (or Cancel with `None`).
    pub fn next(&self, path: Option<&Path>) {
        let line = path.map(|p| p.display().to_string()).unwrap_or_default();
        std::fs::write(&self.file, format!("{line}\n")).unwrap();
    }

    /// The environment variable to start the app with.
    pub fn env(&self) -> (&'static str, String) {
        (
            "TRAVESIA_TEST_DIALOG_ANSWERS",
            self.file.display().to_string(),
        )
    }
}

/// The app's `XDG_CONFIG_HOME` (`config`) or `XDG_DATA_HOME` (`data`) in a
/// test: a folder beside the library, so every test's app starts afresh and
/// a test that starts the app again on the same library finds what it kept.
pub fn xdg_dir(db: &Path, which: &str) -> PathBuf {
    db.parent()
        .unwrap_or(Path::new("."))
        .join("xdg")
        .join(which)
}

/// The folder the app writes its log to, for the library at `db`.
pub fn log_dir(db: &Path) -> PathBuf {
    xdg_dir(db, "data").join("app.travesia.editor/logs")
}

/// Chooses an item of the native menu bar through GTK, as a keyboard user
/// does: F10 opens the menu bar, Right `submenu` times moves to its submenu,
/// Down `downs` times walks its enabled items, Return.
pub fn native_menu_keys(submenu: usize, downs: usize) {
    let window = xdotool(&["search", "--sync", "--name", "Travesía$"]);
    let window = window.lines().next().expect("the app's window").to_string();
    xdotool(&["windowfocus", "--sync", &window]);
    let mut keys = vec!["key", "--clearmodifiers", "--delay", "60", "F10"];
    keys.extend(std::iter::repeat_n("Right", submenu));
    keys.extend(std::iter::repeat_n("Down", downs));
    keys.push("Return");
    xdotool(&keys);
}

/// Runs xdotool (the X server's keyboard) and returns what it printed.
pub fn xdotool(args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .output()
        .expect("xdotool is needed (make deps installs it)");
    assert!(
        out.status.success(),
        "xdotool {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A stand-in for the desktop's `xdg-open`, first on the app's `PATH`: it
/// writes down what the app asked to open (a folder, a file) instead of
/// starting a file manager. With no session bus, the app cannot ask a file
/// manager over D-Bus either, so everything it shows goes through here.
pub struct FakeOpener {
    bin: PathBuf,
    log: PathBuf,
}

impl FakeOpener {
    pub fn new(dir: &Path) -> FakeOpener {
        use std::os::unix::fs::PermissionsExt;
        let bin = dir.join("opener-bin");
        std::fs::create_dir_all(&bin).unwrap();
        let log = dir.join("opened.txt");
        let script = bin.join("xdg-open");
        std::fs::write(
            &script,
            format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", log.display()),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        FakeOpener { bin, log }
    }

    /// The environment to start the app with.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        let path = std::env::var("PATH").unwrap_or_default();
        vec![
            ("PATH", format!("{}:{path}", self.bin.display())),
            ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent".into()),
        ]
    }

    /// What was opened so far, in order.
    pub fn opened(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(String::from)
            .collect()
    }

    /// Waits up to 10 s until `n` things were opened; returns them.
    pub async fn wait(&self, n: usize) -> Vec<String> {
        for _ in 0..100 {
            if self.opened().len() >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.opened()
    }
}

/// The app started on a new library in `dir` that holds one template's map,
/// with scripted file dialogs and the stand-in `xdg-open`.
pub struct Started {
    pub app: App,
    pub db: PathBuf,
    /// The map's id.
    pub id: String,
    pub answers: DialogAnswers,
    pub opener: FakeOpener,
    /// Where File → Print… writes (the end-to-end build prints to a PDF
    /// file instead of showing the print dialog).
    pub printed: PathBuf,
}

impl Started {
    /// `template` is a file name in `src-tauri/core/templates/`.
    pub async fn on_template(dir: &Path, template: &str) -> Started {
        let db = dir.join("library.sqlite3");
        let id = import_map(&db, &root().join("src-tauri/core/templates").join(template));
        let answers = DialogAnswers::new(dir);
        let opener = FakeOpener::new(dir);
        let printed = dir.join("printed.pdf");
        let mut env = vec![answers.env()];
        env.extend(opener.env());
        env.push(("TRAVESIA_TEST_PRINT_TO", printed.display().to_string()));
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let app = App::start_env(&db, &[], &env).await;
        Started {
            app,
            db,
            id,
            answers,
            opener,
            printed,
        }
    }

    /// Exports from the dialog (opened unless it is up) as `format` on
    /// `paper` (or the paper chosen before), to `path`, and waits until it is
    /// written.
    pub async fn export(&self, paper: Option<&str>, format: &str, path: &Path) {
        let app = &self.app;
        let open = app
            .js("return document.querySelector('[data-testid=export-dialog]') !== null")
            .await;
        if open != Value::Bool(true) {
            app.find("[data-testid=open-export]")
                .await
                .click()
                .await
                .unwrap();
        }
        app.find(&format!("[data-testid=export-format-{format}]"))
            .await
            .click()
            .await
            .unwrap();
        if let Some(paper) = paper {
            app.js(&format!("const s = document.querySelector('[data-testid=export-paper]'); s.value = '{paper}'; s.dispatchEvent(new Event('change', {{bubbles: true}})); return 1"))
                .await;
        }
        app.settle().await;
        self.answers.next(Some(path));
        app.find("[data-testid=export-go]")
            .await
            .click()
            .await
            .unwrap();
        assert!(
            wait_for_file(path, Duration::from_secs(60)).await,
            "{path:?} is written"
        );
        app.wait_for("[data-testid=export-done]", Duration::from_secs(60))
            .await;
    }
}

/// What a command-line checker (poppler's `pdfinfo`, `pdftotext`,
/// `pdftohtml`…) prints for `args`; fails the test when it cannot run.
pub fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} runs (poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The picture on the X clipboard (xclip asks for it as PNG): its width and
/// height, read from the PNG header.
pub fn clipboard_png_size() -> (u32, u32) {
    let mut png = Vec::new();
    for _ in 0..20 {
        let out = Command::new("xclip")
            .args(["-selection", "clipboard", "-t", "image/png", "-o"])
            .output()
            .expect("xclip is needed (make deps installs it)");
        png = out.stdout;
        if png.starts_with(b"\x89PNG") {
            break;
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    assert!(png.starts_with(b"\x89PNG"), "no PNG on the clipboard");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// Drops `file` on the app's window at (`x`, `y`) in CSS pixels of the
/// page, as the desktop would: through the end-to-end build's stand-in on
/// the app's own socket (a real drag from a file manager cannot be made
/// under Xvfb).
pub fn drop_file(db: &Path, file: &Path, x: f64, y: f64) {
    use std::io::Write;
    let socket = travesia_api::instance::socket_path(db);
    let mut s = std::os::unix::net::UnixStream::connect(&socket)
        .unwrap_or_else(|e| panic!("the app listens on {}: {e}", socket.display()));
    writeln!(s, "drop\t{x}\t{y}\t{}", file.display()).unwrap();
}

/// Waits up to `timeout` for the app to write `file`; true once it is there.
pub async fn wait_for_file(file: &Path, timeout: Duration) -> bool {
    let start = Instant::now();
    while !file.is_file() && start.elapsed() < timeout {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    file.is_file()
}

/// Every process: its id, its parent's and its name (`comm`).
fn processes() -> Vec<(u32, u32, String)> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| {
        let pid: u32 = e.ok()?.file_name().to_str()?.parse().ok()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        let open = stat.find('(')?;
        let close = stat.rfind(')')?;
        let name = stat[open + 1..close].to_string();
        let ppid = stat[close + 2..].split(' ').nth(1)?.parse().ok()?;
        Some((pid, ppid, name))
    })
    .collect()
}

/// Whether `pid` is one of `roots` or started, at any depth, by one of them.
fn descends_from(procs: &[(u32, u32, String)], mut pid: u32, roots: &[u32]) -> bool {
    for _ in 0..64 {
        if roots.contains(&pid) {
            return true;
        }
        match procs.iter().find(|p| p.0 == pid) {
            Some(p) if p.1 != 0 => pid = p.1,
            _ => return false,
        }
    }
    false
}

/// Where screenshots go: `target/e2e/`.
pub fn shots_dir() -> PathBuf {
    let dir = root().join("target/e2e");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The running app and a WebDriver session on its window.
pub struct App {
    driver: Child,
    pub client: Client,
}

impl App {
    /// Starts the app on the library at `db`.
    pub async fn start(db: &Path) -> App {
        Self::start_with(db, &[]).await
    }

    /// Starts the app with extra command-line arguments (e.g. a file to open).
    pub async fn start_with(db: &Path, args: &[&str]) -> App {
        Self::start_env(db, args, &[]).await
    }

    /// Starts the app with arguments and extra environment variables.
    pub async fn start_env(db: &Path, args: &[&str], env: &[(&str, &str)]) -> App {
        let bin = app_binary();
        assert!(
            bin.exists(),
            "{} is missing: run `make build-e2e` first",
            bin.display()
        );
        let (port, native) = (free_port(), free_port());
        let driver = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("TRAVESIA_DB", db)
            .env("LANG", "es_ES.UTF-8")
            // The window's size and place, the log and WebKit's own files go
            // beside the library: one test's window never opens another's.
            .env("XDG_CONFIG_HOME", xdg_dir(db, "config"))
            .env("XDG_DATA_HOME", xdg_dir(db, "data"))
            // WebKit composited, whatever the machine: its screenshots wait
            // for a composited frame (src-tauri/src/rendering.rs). A test of
            // the app's own choice passes `TRAVESIA_RENDERING=auto`.
            .env("TRAVESIA_RENDERING", "gpu")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so WebKitWebDriver and the app go with it.
            .process_group(0)
            .spawn()
            .expect("tauri-driver could not start: is it installed (make deps)?");
        let mut app_args = vec![json!("--db"), json!(db)];
        app_args.extend(args.iter().map(|a| json!(a)));
        let caps = json!({
            "browserName": "wry",
            "tauri:options": { "application": bin, "args": app_args },
        });
        let Value::Object(caps) = caps else {
            unreachable!()
        };
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let mut app = App {
            driver,
            client: loop {
                match ClientBuilder::new(HttpConnector::new())
                    .capabilities(caps.clone())
                    .connect(&url)
                    .await
                {
                    Ok(c) => break c,
                    Err(e) if started.elapsed() < Duration::from_secs(30) => {
                        let _ = e;
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                    Err(e) => panic!("no WebDriver session after 30 s: {e}"),
                }
            },
        };
        app.wait_for("body[data-ready='1']", Duration::from_secs(20))
            .await;
        app.js(RECORD_PAGE_ERRORS).await;
        let _ = &mut app;
        app
    }

    /// What the page threw since the app started (uncaught errors and
    /// unhandled promise rejections), as messages with their stacks.
    pub async fn page_errors(&self) -> Vec<String> {
        let v = self
            .js("return window.__e2ePageErrors ?? ['the page was reloaded: its error record is gone'];")
            .await;
        serde_json::from_value(v).unwrap_or_default()
    }

    /// Fails the test when the page threw anything: an action whose handler
    /// throws leaves the map unchanged and says nothing to the person.
    pub async fn assert_no_page_errors(&self) {
        let errors = self.page_errors().await;
        assert!(
            errors.is_empty(),
            "the page threw:\n{}",
            errors.join("\n---\n")
        );
    }

    /// Waits until `css` matches an element and returns it. An error of
    /// WebKitWebDriver's own while it looks (once, in CI, an empty one while
    /// the home was being drawn) is asked again until the time is up, as a
    /// missing element is.
    pub async fn wait_for(&self, css: &str, timeout: Duration) -> fantoccini::elements::Element {
        let until = Instant::now() + timeout;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match self
                .client
                .wait()
                .at_most(left)
                .for_element(Locator::Css(css))
                .await
            {
                Ok(element) => return element,
                Err(e) if Instant::now() + Duration::from_millis(100) < until => {
                    eprintln!("looking for {css}: {e:?}; asked again");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("{css} did not appear within {timeout:?}: {e}"),
            }
        }
    }

    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.wait_for(css, Duration::from_secs(10)).await
    }

    pub async fn count(&self, css: &str) -> usize {
        self.client
            .find_all(Locator::Css(css))
            .await
            .map(|v| v.len())
            .unwrap_or(0)
    }

    /// Clicks `button`, which asks the native Save dialog for a file (it
    /// answers `path`), then waits for the file and for `done` on the page.
    pub async fn save_through(
        &self,
        answers: &DialogAnswers,
        button: &str,
        path: &Path,
        done: &str,
    ) {
        answers.next(Some(path));
        self.find(button).await.click().await.unwrap();
        assert!(
            wait_for_file(path, Duration::from_secs(60)).await,
            "{path:?} is written"
        );
        self.wait_for(done, Duration::from_secs(60)).await;
    }

    /// Runs JavaScript in the page and returns its value.
    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Waits until `script` answers `true`; fails saying `what` was awaited.
    pub async fn wait_until(&self, script: &str, what: &str, timeout: Duration) {
        let started = std::time::Instant::now();
        while self.js(script).await != Value::Bool(true) {
            assert!(
                started.elapsed() < timeout,
                "{what}: not within {timeout:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Opens map `id` from the library home (unless the app reopened it on
    /// start) and waits for its canvas to be drawn.
    pub async fn open_map(&self, id: &str) {
        if self.count("[data-testid=canvas]").await == 0 {
            let open = self
                .find(&format!("[data-testid=open-map][data-map-id='{id}']"))
                .await;
            open.click().await.expect("the map's card is clicked");
        }
        self.find("[data-testid=canvas]").await;
        self.settle().await;
        let shown = self
            .js("return document.documentElement.dataset.mapId ?? null")
            .await;
        assert_eq!(shown.as_str(), Some(id), "another map is open");
    }

    /// Puts the open map at 100 % with its corner in the canvas's (the
    /// toolbar's zoom button), for a test that measures in Scene pixels: a
    /// map opens as wide as the window allows (`openingView`).
    pub async fn zoom_100(&self) {
        self.js("document.querySelector('[data-testid=zoom]').click(); return null;")
            .await;
        self.settle().await;
    }

    /// Waits until no edit is in flight (the UI marks `data-busy` meanwhile).
    pub async fn settle(&self) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            let busy = self
                .js("return document.documentElement.dataset.busy || ''")
                .await;
            if busy.as_str() == Some("") {
                return;
            }
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        panic!("the app stayed busy for 15 s");
    }

    /// x, y, w, h of an element in the viewport (from the page itself:
    /// WebKit's driver will not measure or target transparent SVG shapes).
    pub async fn rect(&self, el: &Element) -> (f64, f64, f64, f64) {
        let v = self
            .client
            .execute(
                "const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height];",
                vec![serde_json::to_value(el).unwrap()],
            )
            .await
            .expect("measuring an element");
        let n: Vec<f64> = serde_json::from_value(v).unwrap();
        (n[0], n[1], n[2], n[3])
    }

    /// The pointer to an element's centre moved by (dx, dy), in viewport coordinates.
    pub async fn move_to(&self, el: &Element, dx: f64, dy: f64) -> PointerAction {
        let (x, y, w, h) = self.rect(el).await;
        PointerAction::MoveTo {
            duration: Some(Duration::from_millis(60)),
            x: (x + w / 2.0 + dx).round(),
            y: (y + h / 2.0 + dy).round(),
        }
    }

    /// A double-click `dx`, `dy` away from the element's centre.
    pub async fn double_click_at(&self, el: &Element, dx: f64, dy: f64) {
        self.pointer(vec![
            self.move_to(el, dx, dy).await,
            down(),
            up(),
            pause(40),
            down(),
            up(),
        ])
        .await;
    }

    /// Performs pointer actions with the mouse, then lets go of everything.
    pub async fn pointer(&self, steps: Vec<PointerAction>) {
        let mut mouse = MouseActions::new("mouse".into());
        for s in steps {
            mouse = mouse.then(s);
        }
        self.client
            .perform_actions(mouse)
            .await
            .expect("pointer actions");
        self.client.release_actions().await.ok();
    }

    /// Presses `key`, with `modifiers` held down around it (real key events).
    pub async fn keys(&self, modifiers: &[Key], key: char) {
        let mut k = KeyActions::new("keyboard".into());
        for m in modifiers {
            k = k.then(KeyAction::Down {
                value: char::from(*m),
            });
        }
        k = k
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        for m in modifiers.iter().rev() {
            k = k.then(KeyAction::Up {
                value: char::from(*m),
            });
        }
        self.client.perform_actions(k).await.expect("key actions");
        self.client.release_actions().await.ok();
    }

    /// Scrolls `selector` into the middle of its panel and clicks it, as a
    /// user would.
    pub async fn click_in_view(&self, selector: &str) {
        self.js(&format!(
            "document.querySelector('{selector}').scrollIntoView({{block: 'center'}}); return 1"
        ))
        .await;
        self.find(selector).await.click().await.unwrap();
    }

    /// A real click (pointer down and up) at an element's centre.
    pub async fn click(&self, el: &Element) {
        let to = self.move_to(el, 0.0, 0.0).await;
        self.pointer(vec![to, down(), up()]).await;
    }

    /// The text the canvas painted (its tiles and stuck strips), line after
    /// line with nothing between them, as an SVG's `textContent` read: the
    /// lines come from the Scene items the tiles painted (pixels hold no text).
    /// Waits first until the page is idle (answers in, everything in sight painted).
    pub async fn canvas_text(&self) -> String {
        self.settle().await;
        self.js("return (window.__travesiaTiles?.lines() ?? []).map(l => l.text).join('')")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Saves a screenshot of the window under `target/e2e/NAME.png` and returns its bytes.
    pub async fn screenshot(&self, name: &str) -> Vec<u8> {
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(shots_dir().join(format!("{name}.png")), &png).unwrap();
        png
    }

    /// Checks that the page threw nothing, ends the session and stops the app.
    pub async fn quit(self) {
        let errors = self.page_errors().await;
        self.quit_unchecked().await;
        assert!(
            errors.is_empty(),
            "the page threw:\n{}",
            errors.join("\n---\n")
        );
    }

    /// What the app and the processes it started (WebKit's web and network
    /// processes) hold in memory, as each one's name and proportional set
    /// size in MiB (`Pss` of `/proc/PID/smaps_rollup`: shared pages counted
    /// once across all processes).
    pub fn memory(&self) -> Vec<(String, f64)> {
        let procs = processes();
        let app = self.app_pids(&procs);
        let descends = |pid: u32| descends_from(&procs, pid, &app);
        procs
            .iter()
            .filter(|p| descends(p.0))
            .filter_map(|p| {
                let rollup = std::fs::read_to_string(format!("/proc/{}/smaps_rollup", p.0)).ok()?;
                let kib: f64 = rollup
                    .lines()
                    .find_map(|l| l.strip_prefix("Pss:"))?
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .ok()?;
                Some((p.2.clone(), kib / 1024.0))
            })
            .collect()
    }

    /// An environment variable of WebKit's web process (started by the app,
    /// with the app's environment as it was then).
    pub fn web_process_env(&self, name: &str) -> Option<String> {
        let environ = std::fs::read(format!("/proc/{}/environ", self.web_pid())).ok()?;
        environ.split(|b| *b == 0).find_map(|kv| {
            let kv = String::from_utf8_lossy(kv);
            kv.strip_prefix(&format!("{name}=")).map(str::to_string)
        })
    }

    /// The files the app's own process and its web process have mapped (the
    /// paths in `/proc/PID/maps`: its libraries among them).
    pub fn mapped_files(&self) -> (Vec<String>, Vec<String>) {
        let app = *self.app_pids(&processes()).first().expect("the app runs");
        let files = |pid: u32| -> Vec<String> {
            let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap_or_default();
            let mut files: Vec<String> = maps
                .lines()
                .filter_map(|l| l.split_whitespace().nth(5))
                .filter(|f| f.starts_with('/'))
                .map(str::to_string)
                .collect();
            files.sort();
            files.dedup();
            files
        };
        (files(app), files(self.web_pid()))
    }

    /// WebKit's web process started by the app.
    fn web_pid(&self) -> u32 {
        let procs = processes();
        let app = self.app_pids(&procs);
        procs
            .iter()
            .find(|p| p.2.starts_with("WebKitWebProces") && descends_from(&procs, p.0, &app))
            .expect("the app's web process runs")
            .0
    }

    /// The app's process (started by WebKitWebDriver under this session's tauri-driver).
    fn app_pids(&self, procs: &[(u32, u32, String)]) -> Vec<u32> {
        let driver = [self.driver.id()];
        procs
            .iter()
            .filter(|p| p.2 == "travesia-app" && descends_from(procs, p.0, &driver))
            .map(|p| p.0)
            .collect()
    }

    /// When the app's process started, in milliseconds since the Unix epoch
    /// (from its start time in `/proc`, to the kernel's clock tick: 10 ms).
    pub fn app_started_ms(&self) -> f64 {
        let procs = processes();
        let pid = *self.app_pids(&procs).first().expect("the app runs");
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
        let after = &stat[stat.rfind(')').unwrap() + 2..];
        // Field 22 of stat; 20th after the name: clock ticks since boot.
        let ticks: f64 = after.split(' ').nth(19).unwrap().parse().unwrap();
        let uptime: f64 = std::fs::read_to_string("/proc/uptime")
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs_f64();
        (now - uptime + ticks / 100.0) * 1000.0
    }

    /// Ends the session and stops the app without looking at page errors.
    pub async fn quit_unchecked(mut self) {
        let _ = self.client.clone().close().await;
        self.stop();
    }

    fn stop(&mut self) {
        let pgid = self.driver.id();
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{pgid}")])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.driver.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .status();
        let _ = self.driver.wait();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Installed once the app is ready: keeps every uncaught error and unhandled
/// rejection of the page, for [`App::quit`] to assert there were none.
const RECORD_PAGE_ERRORS: &str = "
    if (!window.__e2ePageErrors) {
        const errors = (window.__e2ePageErrors = []);
        const text = (x) => (x && x.stack ? `${x}\\n${x.stack}` : String(x));
        window.addEventListener('error', (e) => errors.push(text(e.error ?? e.message)));
        window.addEventListener('unhandledrejection', (e) => errors.push('unhandled rejection: ' + text(e.reason)));
    }
    return true;";

pub fn down() -> PointerAction {
    PointerAction::Down {
        button: MOUSE_BUTTON_LEFT,
    }
}

pub fn up() -> PointerAction {
    PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    }
}

pub fn pause(ms: u64) -> PointerAction {
    PointerAction::Pause {
        duration: Duration::from_millis(ms),
    }
}

/// Decodes a PNG into (width, height, RGBA).
pub fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = dec.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let channels = info.color_type.samples();
    let rgba = if channels == 4 {
        buf
    } else {
        buf.chunks(channels)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect()
    };
    (info.width, info.height, rgba)
}
