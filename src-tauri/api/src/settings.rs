//! Settings the UI keeps in the library (last map, language), and the
//! language the system asks for.

use travesia_store::Library;

use crate::error::{AppError, ErrorCode};

/// A setting's name: a short key of lowercase letters, dots and underscores.
fn check_key(key: &str) -> Result<(), AppError> {
    let ok = !key.is_empty()
        && key.len() <= 64
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::InvalidInput,
            format!("{key:?} is not a setting name"),
        ))
    }
}

/// The most a setting holds.
pub const VALUE_MAX_BYTES: usize = 4096;

pub fn get(lib: &Library, key: &str) -> Result<Option<String>, AppError> {
    check_key(key)?;
    Ok(lib.get_setting(key)?)
}

/// Sets (`Some`) or removes (`None`) a setting.
pub fn set(lib: &Library, key: &str, value: Option<&str>) -> Result<(), AppError> {
    check_key(key)?;
    if value.is_some_and(|v| v.len() > VALUE_MAX_BYTES) {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "a setting holds at most 4 KiB",
        ));
    }
    match value {
        Some(v) => lib.set_setting(key, v)?,
        None => lib.remove_setting(key)?,
    }
    Ok(())
}

/// The language the system asks for: `LC_ALL`, then `LC_MESSAGES`, then
/// `LANG` (the first that is set and not the plain C locale), e.g. "es_ES.UTF-8".
pub fn system_locale() -> String {
    locale_from(|k| std::env::var(k).ok())
}

pub fn locale_from(var: impl Fn(&str) -> Option<String>) -> String {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| var(k))
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty() && v != "C" && v != "POSIX" && !v.starts_with("C."))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_comes_from_lc_all_then_lc_messages_then_lang() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(name, _)| *name == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(locale_from(env(&[("LANG", "es_ES.UTF-8")])), "es_ES.UTF-8");
        assert_eq!(
            locale_from(env(&[("LANG", "es_ES.UTF-8"), ("LC_ALL", "en_GB.UTF-8")])),
            "en_GB.UTF-8"
        );
        assert_eq!(
            locale_from(env(&[
                ("LC_ALL", "C"),
                ("LC_MESSAGES", "es_MX"),
                ("LANG", "en_US")
            ])),
            "es_MX"
        );
        assert_eq!(locale_from(env(&[("LANG", "C.UTF-8")])), "");
        assert_eq!(locale_from(env(&[])), "");
    }

    #[test]
    fn setting_names_are_short_and_plain() {
        assert!(check_key("last_map").is_ok());
        assert!(check_key("ui.lang").is_ok());
        for bad in ["", "Last", "a/b", "x y", &"a".repeat(65)] {
            assert!(check_key(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_setting_holds_at_most_4_kib() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(&dir.path().join("l.db")).unwrap();
        set(&lib, "ui.lang", Some("pt-BR")).unwrap();
        assert_eq!(get(&lib, "ui.lang").unwrap().as_deref(), Some("pt-BR"));
        let big = "x".repeat(VALUE_MAX_BYTES + 1);
        assert_eq!(
            set(&lib, "ui.lang", Some(&big)).unwrap_err().code,
            ErrorCode::InvalidInput
        );
        set(&lib, "ui.lang", None).unwrap();
        assert_eq!(get(&lib, "ui.lang").unwrap(), None);
    }
}
