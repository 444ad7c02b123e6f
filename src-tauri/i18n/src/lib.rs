//! The message catalogues: one JSON file per language in `i18n/` at the
//! repository root, the same files the UI reads. Rust takes from them what
//! it says itself: the native menu, the posters' own words, the command
//! line. A language is its file and its line in [`CATALOGUES`]; its plural
//! rules come from CLDR.
//!
//! A key ending in `.one`, `.other` (and `.few`, `.many` where a language has
//! them) is a plural form; [`Catalogue::plural`] picks it. `{name}` in a
//! message is filled from the arguments.

#![forbid(unsafe_code)]

use std::collections::HashMap;
use std::sync::OnceLock;

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use serde_json::Value;

/// Every catalogue: its language tag and its text. The first is the one a
/// key missing elsewhere falls back to.
pub const CATALOGUES: &[(&str, &str)] = &[
    ("es", include_str!("../../../i18n/es.json")),
    ("en", include_str!("../../../i18n/en.json")),
    ("pt-BR", include_str!("../../../i18n/pt-BR.json")),
];

/// The language of a map or a person with no language of their own.
pub const FIRST: &str = CATALOGUES[0].0;

/// The languages there are catalogues for, in order.
pub fn langs() -> impl Iterator<Item = &'static str> {
    CATALOGUES.iter().map(|(lang, _)| *lang)
}

/// The catalogue a locale asks for ("es_MX.UTF-8", "pt-BR", "en"): the one
/// of the same language and region, else the first of the same language;
/// `None` when there is none.
pub fn pick(locale: &str) -> Option<&'static str> {
    let tag = locale
        .trim()
        .split(['.', '@'])
        .next()
        .unwrap_or("")
        .replace('_', "-")
        .to_ascii_lowercase();
    let language = tag.split('-').next().unwrap_or("");
    langs()
        .find(|l| l.to_ascii_lowercase() == tag)
        .or_else(|| langs().find(|l| l.to_ascii_lowercase().split('-').next() == Some(language)))
}

/// One language's messages.
pub struct Catalogue {
    pub lang: &'static str,
    messages: HashMap<String, String>,
    plurals: Option<PluralRules>,
}

impl Catalogue {
    fn load(lang: &'static str, text: &str) -> Catalogue {
        // The files are checked by this crate's tests; a broken one reads as empty.
        let messages = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(o)) => o
                .into_iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_string())))
                .collect(),
            _ => HashMap::new(),
        };
        // CLDR has rules for some regions ("pt-PT") and not others ("pt-BR"
        // follows "pt"): the tag first, then its language alone.
        let rules = |tag: &str| {
            tag.parse::<unic_langid::LanguageIdentifier>()
                .ok()
                .and_then(|id| PluralRules::create(id, PluralRuleType::CARDINAL).ok())
        };
        let plurals = rules(lang).or_else(|| rules(lang.split('-').next().unwrap_or(lang)));
        Catalogue {
            lang,
            messages,
            plurals,
        }
    }

    /// The catalogue of `lang` (a tag of [`CATALOGUES`], or any locale:
    /// see [`pick`]), or the first one.
    pub fn of(lang: &str) -> &'static Catalogue {
        static ALL: OnceLock<Vec<Catalogue>> = OnceLock::new();
        let all = ALL.get_or_init(|| {
            CATALOGUES
                .iter()
                .map(|(lang, text)| Catalogue::load(lang, text))
                .collect()
        });
        let lang = pick(lang).unwrap_or(FIRST);
        all.iter().find(|c| c.lang == lang).unwrap_or(&all[0])
    }

    /// The message for `key`; the first catalogue's when this one lacks it,
    /// and the key itself when no catalogue has it.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        if let Some(m) = self.messages.get(key) {
            return m;
        }
        let first = Catalogue::of(FIRST);
        match first.messages.get(key) {
            Some(m) if !std::ptr::eq(first, self) => m,
            _ => key,
        }
    }

    /// The message for `key` with each `{name}` filled from `args`, in one
    /// pass: a value that holds braces (a map titled "{cards}") stays as it is.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let message = self.t(key);
        let mut out = String::with_capacity(message.len());
        let mut rest = message;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after.find('}');
            let value = close.and_then(|c| args.iter().find(|(n, _)| *n == &after[..c]));
            match (close, value) {
                (Some(c), Some((_, v))) => {
                    out.push_str(v);
                    rest = &after[c + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// `v` with at most `decimals` decimals, no trailing zeros, and this
    /// language's decimal separator ("5,2" in Spanish, "5.2" in English).
    pub fn number(&self, v: f64, decimals: usize) -> String {
        let mut text = format!("{v:.decimals$}");
        if text.contains('.') {
            text = text.trim_end_matches('0').trim_end_matches('.').to_string();
        }
        text.replace('.', self.t("number.decimal"))
    }

    /// The plural form of `key` for `n` (`key.one`, `key.other`, …), with
    /// `{n}` and `args` filled.
    pub fn plural(&self, key: &str, n: u64, args: &[(&str, &str)]) -> String {
        let form = match self.plurals.as_ref().and_then(|p| p.select(n).ok()) {
            Some(PluralCategory::ZERO) => "zero",
            Some(PluralCategory::ONE) => "one",
            Some(PluralCategory::TWO) => "two",
            Some(PluralCategory::FEW) => "few",
            Some(PluralCategory::MANY) => "many",
            Some(PluralCategory::OTHER) | None => "other",
        };
        let exact = format!("{key}.{form}");
        let key = if self.messages.contains_key(&exact) {
            exact
        } else {
            format!("{key}.other")
        };
        let n = n.to_string();
        let mut all = vec![("n", n.as_str())];
        all.extend_from_slice(args);
        self.fill(&key, &all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        match serde_json::from_str::<Value>(text).expect("a catalogue is JSON") {
            Value::Object(o) => o
                .into_iter()
                .map(|(k, v)| {
                    assert!(v.is_string(), "{k} is not a string");
                    k
                })
                .collect(),
            _ => panic!("a catalogue is a JSON object"),
        }
    }

    fn placeholders(s: &str) -> Vec<&str> {
        let mut out: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(name, _)| name))
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn every_catalogue_has_every_key_with_the_same_placeholders() {
        let (first, text) = CATALOGUES[0];
        let reference = keys(text);
        let base = Catalogue::of(first);
        for (lang, text) in CATALOGUES {
            assert_eq!(
                keys(text),
                reference,
                "{lang}: the keys differ from {first}'s"
            );
            let c = Catalogue::of(lang);
            assert_eq!(c.lang, *lang);
            for k in &reference {
                assert_eq!(placeholders(c.t(k)), placeholders(base.t(k)), "{lang}: {k}");
            }
        }
    }

    #[test]
    fn a_locale_picks_its_language_and_region_first() {
        assert_eq!(pick("es_MX.UTF-8"), Some("es"));
        assert_eq!(pick("en_GB"), Some("en"));
        assert_eq!(pick("EN-us"), Some("en"));
        assert_eq!(pick("pt_BR.UTF-8"), Some("pt-BR"));
        assert_eq!(
            pick("pt_PT"),
            Some("pt-BR"),
            "the same language, another region"
        );
        assert_eq!(pick("fr_FR.UTF-8"), None);
        assert_eq!(pick(""), None);
        assert_eq!(Catalogue::of("fr").lang, FIRST);
    }

    #[test]
    fn a_value_is_filled_in_once_and_never_filled_again() {
        let c = Catalogue::of("en");
        // A title that looks like a placeholder stays a title.
        let s = c.fill(
            "cli.validate.ok",
            &[
                ("title", "{cards}"),
                ("stages", "1 stage"),
                ("lanes", "2 lanes"),
                ("cards", "3 cards"),
                ("routes", "0 routes"),
            ],
        );
        assert_eq!(s, "ok: “{cards}” — 1 stage, 2 lanes, 3 cards, 0 routes");
        // A placeholder without its argument, and a lone brace, stay as written.
        assert_eq!(c.fill("cli.export.wrote", &[]), "wrote {path}");
        assert_eq!(
            c.fill("cli.export.wrote", &[("path", "a{b.pdf")]),
            "wrote a{b.pdf"
        );
    }

    #[test]
    fn numbers_take_each_language_s_decimal_separator() {
        assert_eq!(Catalogue::of("es").number(5.25, 1), "5,2");
        assert_eq!(Catalogue::of("pt-BR").number(12.5, 2), "12,5");
        assert_eq!(Catalogue::of("en").number(5.26, 1), "5.3");
        assert_eq!(Catalogue::of("en").number(15.0, 1), "15");
        assert_eq!(Catalogue::of("es").number(3.0, 0), "3");
    }

    #[test]
    fn plurals_follow_each_language() {
        let es = Catalogue::of("es");
        assert_eq!(es.plural("map.cards", 1, &[]), "1 tarjeta");
        assert_eq!(es.plural("map.cards", 24, &[]), "24 tarjetas");
        assert_eq!(es.plural("map.cards", 0, &[]), "0 tarjetas");
        let en = Catalogue::of("en");
        assert_eq!(en.plural("map.cards", 1, &[]), "1 card");
        assert_eq!(
            en.fill("map.deleteLabel", &[("title", "Ñandú")]),
            "Delete the map “Ñandú”"
        );
        assert_eq!(en.t("no.such.key"), "no.such.key");
        // Portuguese (Brazil) says "one" for 0 and 1 (CLDR).
        let pt = Catalogue::of("pt-BR");
        assert_eq!(pt.plural("map.cards", 0, &[]), "0 cartão");
        assert_eq!(pt.plural("map.cards", 2, &[]), "2 cartões");
    }
}
