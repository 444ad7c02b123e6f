//! Names as people write them in spreadsheets: column headers, lane kinds
//! and channels in any of the app's languages (or as the format spells
//! them), matched without regard to case, accents or extra spaces.

use travesia_core::model::Channel;
use travesia_core::LaneKind;
use travesia_i18n::Catalogue;

/// `s` folded for matching: lower case, without accents, spaces collapsed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        let base = match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '_' | '-' => ' ',
            c => c,
        };
        if base.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(base);
        }
    }
    out.trim_end().to_string()
}

fn langs() -> impl Iterator<Item = &'static Catalogue> {
    travesia_i18n::langs().map(Catalogue::of)
}

/// A lane kind by its name in any language ("Emociones", "Pains") or as the
/// format spells it (`emotions`).
pub fn kind(s: &str) -> Option<LaneKind> {
    let f = fold(s);
    LaneKind::ALL.into_iter().find(|k| {
        fold(k.as_str()) == f || langs().any(|c| fold(c.t(&format!("kind.{}", k.as_str()))) == f)
    })
}

/// One of `words` (as the format spells them) by its name in any language
/// (`<prefix>.<word>` in each catalogue) or as spelled.
pub fn choice(s: &str, prefix: &str, words: &[&'static str]) -> Option<&'static str> {
    let f = fold(s);
    words
        .iter()
        .copied()
        .find(|w| fold(w) == f || langs().any(|c| fold(c.t(&format!("{prefix}.{w}"))) == f))
}

/// The name of one of a choice's words in `c`'s language.
pub fn choice_name(prefix: &str, word: &str, c: &Catalogue) -> String {
    c.t(&format!("{prefix}.{word}")).to_string()
}

/// A lane kind's name in `c`'s language.
pub fn kind_name(k: LaneKind, c: &Catalogue) -> String {
    c.t(&format!("kind.{}", k.as_str())).to_string()
}

/// A built-in channel by its name in any language ("Tienda") or its key
/// (`word_of_mouth`).
pub fn channel(s: &str) -> Option<Channel> {
    let f = fold(s);
    Channel::ALL.into_iter().find(|ch| {
        fold(ch.as_str()) == f
            || langs().any(|c| fold(c.t(&format!("channel.{}", ch.as_str()))) == f)
    })
}

/// A built-in channel's name in `c`'s language.
pub fn channel_name(ch: Channel, c: &Catalogue) -> String {
    c.t(&format!("channel.{}", ch.as_str())).to_string()
}

/// Yes or no, written in `c`'s language.
pub fn yes_no(v: bool, c: &Catalogue) -> String {
    c.t(if v { "sheet.yes" } else { "sheet.no" }).to_string()
}

/// Which of `keys` a header names, in any language: `sheet.col.<key>` in
/// each catalogue, or the key itself.
pub fn column<'k>(header: &str, keys: &[&'k str]) -> Option<&'k str> {
    let f = fold(header);
    if f.is_empty() {
        return None;
    }
    keys.iter()
        .copied()
        .find(|k| fold(k) == f || langs().any(|c| fold(c.t(&format!("sheet.col.{k}"))) == f))
}

/// A column's header in `c`'s language.
pub fn header(key: &str, c: &Catalogue) -> String {
    c.t(&format!("sheet.col.{key}")).to_string()
}

/// The language whose headers `headers` are written in (the first that
/// names most of them), for the map's language on import.
pub fn lang_of_headers(headers: &[String], keys: &[&str]) -> Option<&'static str> {
    travesia_i18n::langs()
        .map(|lang| {
            let c = Catalogue::of(lang);
            let hits = headers
                .iter()
                .filter(|h| keys.iter().any(|k| fold(&header(k, c)) == fold(h)))
                .count();
            (hits, lang)
        })
        .filter(|(hits, _)| *hits > 0)
        .max_by_key(|(hits, _)| *hits)
        .map(|(_, lang)| lang)
}

/// Column letters as spreadsheets name them: 0 → A, 26 → AA.
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_in_any_language_case_and_accent() {
        assert_eq!(fold("  Emoción   del  cliente "), "emocion del cliente");
        assert_eq!(kind("EMOCIONES"), Some(LaneKind::Emotions));
        assert_eq!(kind("Pain points"), kind("pains"));
        assert_eq!(kind("emotions"), Some(LaneKind::Emotions));
        assert_eq!(kind("Emoções"), Some(LaneKind::Emotions));
        assert_eq!(channel("word_of_mouth"), Some(Channel::WordOfMouth));
        assert_eq!(channel("boca a boca"), Some(Channel::WordOfMouth));
        assert_eq!(channel("WhatsApp"), None);
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
    }
}
