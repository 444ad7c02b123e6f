//! A spreadsheet's cells as the readers and writers see them, and the
//! conventions of numbers and yes/no in each language.

/// One cell: what a CSV holds is always text; a workbook's cells keep their
/// type.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as a person would read it: numbers in `style`.
    pub fn as_text(&self, style: NumberStyle) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => style.format(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        }
    }
}

/// Rows of cells, the first being the header.
pub type Table = Vec<Vec<Cell>>;

/// How numbers are written as text: `4,2` (Spanish, Portuguese) or `4.2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NumberStyle {
    pub decimal_comma: bool,
}

impl NumberStyle {
    pub const POINT: NumberStyle = NumberStyle {
        decimal_comma: false,
    };
    pub const COMMA: NumberStyle = NumberStyle {
        decimal_comma: true,
    };

    /// The style a map's language writes numbers in.
    pub fn of_lang(lang: &str) -> NumberStyle {
        if lang.starts_with("en") {
            NumberStyle::POINT
        } else {
            NumberStyle::COMMA
        }
    }

    /// The shortest text that reads back as `n`, without a thousands
    /// separator (which another reader could take for a decimal mark).
    pub fn format(self, n: f64) -> String {
        let s = if n.fract() == 0.0 && n.abs() < 1e15 {
            format!("{}", n as i64)
        } else {
            format!("{n}")
        };
        if self.decimal_comma {
            s.replace('.', ",")
        } else {
            s
        }
    }

    /// A number written by a person or a spreadsheet in this style, or in
    /// the other when it cannot be mistaken: `4,2` and `4.2` are both 4.2 in
    /// the comma style, `1.250` is 1250 there and `1,250` is 1250 in the
    /// point style. A minus sign may be `-` or `−`; spaces (also non-breaking
    /// ones) between digit groups are ignored.
    pub fn parse(self, s: &str) -> Option<f64> {
        let s: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .map(|c| if c == '−' { '-' } else { c })
            .collect();
        if s.is_empty() {
            return None;
        }
        let (group, decimal) = if self.decimal_comma {
            ('.', ',')
        } else {
            (',', '.')
        };
        let plain = if is_grouped(&s, group, decimal) {
            s.replace(group, "").replace(decimal, ".")
        } else if s.contains(decimal) {
            s.replace(decimal, ".")
        } else {
            // The other style's decimal mark, alone ("4.2" in a Spanish file).
            s.replace(group, ".")
        };
        if !plain
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        {
            return None;
        }
        plain.parse::<f64>().ok().filter(|v| v.is_finite())
    }
}

/// Whether `s` groups its digits by thousands with `group` ("1.250.000",
/// "1.250,5" for `.`), the only reading of `group` that is not a decimal mark.
fn is_grouped(s: &str, group: char, decimal: char) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let whole = body.split(decimal).next().unwrap_or("");
    let parts: Vec<&str> = whole.split(group).collect();
    parts.len() > 1
        && (1..=3).contains(&parts[0].len())
        && parts[1..].iter().all(|p| p.len() == 3)
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
}

/// Yes or no, in any of the languages (and as spreadsheets write them).
pub fn parse_bool(s: &str) -> Option<bool> {
    let s = crate::names::fold(s);
    match s.as_str() {
        "si" | "yes" | "sim" | "true" | "verdadero" | "verdadeiro" | "1" | "x" | "y" | "s" => {
            Some(true)
        }
        "no" | "nao" | "false" | "falso" | "0" | "n" => Some(false),
        _ => None,
    }
}

/// The characters that make a spreadsheet take a cell for a formula (or a
/// command, for the control characters) when they start it.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Text as a CSV cell that stays text when a spreadsheet opens it: one that
/// would start a formula is written after an apostrophe, which spreadsheets
/// take as "this is text" and do not show; so is one that starts with an
/// apostrophe itself, so reading gives it back whole.
pub fn guard_formula(s: &str) -> String {
    if s.starts_with(FORMULA_START) || s.starts_with('\'') {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// What [`guard_formula`] wrote, as it was.
pub fn unguard_formula(s: &str) -> &str {
    s.strip_prefix('\'').unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_in_either_style_when_they_cannot_be_mistaken() {
        let es = NumberStyle::COMMA;
        assert_eq!(es.parse("4,2"), Some(4.2));
        assert_eq!(es.parse("4.2"), Some(4.2));
        assert_eq!(es.parse("1.250"), Some(1250.0));
        assert_eq!(es.parse("1.250.000,5"), Some(1_250_000.5));
        assert_eq!(es.parse("−10"), Some(-10.0));
        assert_eq!(es.parse("12 500"), Some(12500.0));
        assert_eq!(es.parse("doce"), None);
        assert_eq!(es.parse("1e400"), None);
        let en = NumberStyle::POINT;
        assert_eq!(en.parse("4.2"), Some(4.2));
        assert_eq!(en.parse("1,250"), Some(1250.0));
        assert_eq!(en.parse("4,25"), Some(4.25));
        assert_eq!(es.format(4.2), "4,2");
        assert_eq!(en.format(-0.5), "-0.5");
        assert_eq!(es.format(1200.0), "1200");
        for v in [0.1, 1.0 / 3.0, 1e-7, 123456.789, -42.0] {
            assert_eq!(es.parse(&es.format(v)), Some(v), "{v}");
            assert_eq!(en.parse(&en.format(v)), Some(v), "{v}");
        }
    }

    #[test]
    fn text_that_would_run_as_a_formula_stays_text() {
        for s in [
            "=HYPERLINK(\"http://x\")",
            "+34 600",
            "-2 puntos",
            "@SUM(A1)",
            "\tx",
        ] {
            let g = guard_formula(s);
            assert!(g.starts_with('\''), "{s}");
            assert_eq!(unguard_formula(&g), s);
        }
        assert_eq!(guard_formula("Hola"), "Hola");
        assert_eq!(unguard_formula(&guard_formula("'citado")), "'citado");
    }

    #[test]
    fn yes_and_no_in_every_language() {
        for y in ["sí", "Sí", "yes", "SIM", "TRUE", "verdadero"] {
            assert_eq!(parse_bool(y), Some(true), "{y}");
        }
        for n in ["no", "não", "FALSE", "falso", "0"] {
            assert_eq!(parse_bool(n), Some(false), "{n}");
        }
        assert_eq!(parse_bool("quizá"), None);
    }
}
