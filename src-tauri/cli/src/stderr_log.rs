//! The command line's log: what the library and the other crates report
//! through the `log` facade (a log set aside after a crash, a backup not
//! taken) goes to standard error, one line each, as the command's own
//! messages do. Warnings and errors by default; `TRAVESIA_LOG=info` or
//! `debug` says more.

use std::io::Write;

struct StderrLog {
    level: log::LevelFilter,
}

impl log::Log for StderrLog {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= self.level
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let _ = writeln!(std::io::stderr().lock(), "{}", line(record));
    }

    fn flush(&self) {}
}

/// `travesia: warning: …`, `travesia: error: …`, `travesia: …` for the rest.
pub fn line(record: &log::Record) -> String {
    match record.level() {
        log::Level::Error => format!("travesia: error: {}", record.args()),
        log::Level::Warn => format!("travesia: warning: {}", record.args()),
        _ => format!("travesia: {}", record.args()),
    }
}

/// The level `TRAVESIA_LOG` asks for (warnings when unset or not understood).
pub fn level_from(value: Option<&str>) -> log::LevelFilter {
    match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        Some("error") => log::LevelFilter::Error,
        Some("info") => log::LevelFilter::Info,
        Some("debug") => log::LevelFilter::Debug,
        Some("trace") => log::LevelFilter::Trace,
        Some("off") => log::LevelFilter::Off,
        _ => log::LevelFilter::Warn,
    }
}

/// Sends the log to standard error; does nothing when a logger is already set.
pub fn init() {
    let level = level_from(std::env::var("TRAVESIA_LOG").ok().as_deref());
    if log::set_boxed_logger(Box::new(StderrLog { level })).is_ok() {
        log::set_max_level(level);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_say_what_they_are() {
        let args = format_args!("today's backup was not taken: disk full");
        let r = log::Record::builder()
            .level(log::Level::Warn)
            .args(args)
            .build();
        assert_eq!(
            line(&r),
            "travesia: warning: today's backup was not taken: disk full"
        );
        assert_eq!(level_from(None), log::LevelFilter::Warn);
        assert_eq!(level_from(Some(" Info ")), log::LevelFilter::Info);
        assert_eq!(level_from(Some("loud")), log::LevelFilter::Warn);
    }
}
