//! Tables as CSV files, in the conventions of the spreadsheet that opens
//! them. Written: UTF-8 with a byte-order mark (so Excel reads accents
//! right), CRLF line ends, `;` and decimal commas for Spanish and
//! Portuguese, `,` and decimal points for English, and text that would run
//! as a formula kept as text. Read: the byte-order mark, UTF-16 (Excel's
//! "Unicode text") and Windows-1252 (Excel's "CSV" in Spain) told apart, and
//! the separator found from the header line.

use crate::cell::{guard_formula, Cell, NumberStyle, Table};
use crate::{MAX_COLUMNS, MAX_CSV_BYTES, MAX_ROWS};

/// How a CSV file is written or was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvStyle {
    pub separator: u8,
    pub numbers: NumberStyle,
}

impl CsvStyle {
    /// What a spreadsheet set to the map's language expects.
    pub fn of_lang(lang: &str) -> CsvStyle {
        let numbers = NumberStyle::of_lang(lang);
        CsvStyle {
            separator: if numbers.decimal_comma { b';' } else { b',' },
            numbers,
        }
    }
}

/// The table as a CSV file's bytes.
pub fn write(table: &Table, style: CsvStyle) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(style.separator)
            .terminator(::csv::Terminator::CRLF)
            .quote_style(::csv::QuoteStyle::Necessary)
            .from_writer(&mut out);
        for row in table {
            let fields: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Text(s) => guard_formula(s),
                    other => other.as_text(style.numbers),
                })
                .collect();
            // Writing to memory cannot fail.
            let _ = w.write_record(&fields);
        }
        let _ = w.flush();
    }
    out
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error("the file is {0} bytes; the limit is 64 MiB")]
    TooLarge(u64),
    #[error("the file has more than {MAX_ROWS} rows")]
    TooManyRows,
    #[error("row {0} has more than {MAX_COLUMNS} columns")]
    TooManyColumns(usize),
    #[error("row {row}: {message}")]
    Malformed { row: usize, message: String },
}

/// A CSV file's table (every cell text, as a CSV has no types) and the
/// style it is written in.
pub fn read(bytes: &[u8]) -> Result<(Table, CsvStyle), CsvError> {
    if bytes.len() as u64 > MAX_CSV_BYTES {
        return Err(CsvError::TooLarge(bytes.len() as u64));
    }
    let text = decode(bytes);
    let separator = sniff_separator(&text);
    let numbers = if separator == b',' {
        NumberStyle::POINT
    } else {
        NumberStyle::COMMA
    };
    let mut r = ::csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Table::new();
    for (i, record) in r.records().enumerate() {
        if i > MAX_ROWS {
            return Err(CsvError::TooManyRows);
        }
        let record = record.map_err(|e| CsvError::Malformed {
            row: i + 1,
            message: e.to_string(),
        })?;
        if record.len() > MAX_COLUMNS {
            return Err(CsvError::TooManyColumns(i + 1));
        }
        table.push(record.iter().map(|f| Cell::text(f.to_string())).collect());
    }
    Ok((table, CsvStyle { separator, numbers }))
}

/// The file's text: UTF-8 (with or without its mark), UTF-16 with its mark,
/// else Windows-1252.
fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    let utf16 = |rest: &[u8], le: bool| {
        let units = rest.chunks_exact(2).map(|p| {
            if le {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, false);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

/// A Windows-1252 byte as a character.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// The separator of the header line: the most frequent of `;`, `,` and tab
/// outside quotes (`,` when there is none).
fn sniff_separator(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b';', b',', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], i == 1)).unwrap_or(1);
    if counts[best] == 0 {
        b','
    } else {
        seps[best]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_conventions_both_ways() {
        let t: Table = vec![
            vec![Cell::text("Texto"), Cell::text("Valor")],
            vec![Cell::text("Año «ñandú»; sí"), Cell::Number(4.25)],
            vec![Cell::text("=1+1"), Cell::Number(-3.0)],
        ];
        let bytes = write(&t, CsvStyle::of_lang("es"));
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8_lossy(&bytes[3..]).to_string();
        assert_eq!(
            text,
            "Texto;Valor\r\n\"Año «ñandú»; sí\";4,25\r\n'=1+1;-3\r\n"
        );
        let (back, style) = read(&bytes).unwrap();
        assert_eq!(style, CsvStyle::of_lang("es"));
        assert_eq!(back[1][0], Cell::text("Año «ñandú»; sí"));
        assert_eq!(back[1][1], Cell::text("4,25"));
        assert_eq!(back[2][0], Cell::text("'=1+1"));
    }

    #[test]
    fn excel_s_other_encodings_are_read() {
        // "Canal;Año" in Windows-1252, as Excel saves "CSV" in Spain.
        let (t, style) = read(b"Canal;A\xf1o\r\nTienda;5\r\n").unwrap();
        assert_eq!(style.separator, b';');
        assert_eq!(t[0][1], Cell::text("Año"));
        // UTF-16 with its mark, tab separated ("Unicode text").
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Etapa\tÑ\r\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let (t, style) = read(&bytes).unwrap();
        assert_eq!(style.separator, b'\t');
        assert_eq!(t[0][1], Cell::text("Ñ"));
    }

    #[test]
    fn too_many_rows_stop_the_reading() {
        let mut s = String::from("a,b\n");
        for _ in 0..MAX_ROWS + 1 {
            s.push_str("1,2\n");
        }
        assert_eq!(read(s.as_bytes()), Err(CsvError::TooManyRows));
    }
}
