//! What is wrong with a table, each problem at its row and column, in the
//! reader's language and in English.

use travesia_core::validate::Problem;
use travesia_i18n::Catalogue;

use crate::names::column_letter;

/// One problem of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetProblem {
    /// The sheet of a workbook; none for a CSV file.
    pub sheet: Option<String>,
    /// The row as the spreadsheet numbers it (from 1, the header's row).
    pub row: Option<usize>,
    /// The column's index (from 0) and its header.
    pub column: Option<(usize, String)>,
    /// What is in the cell.
    pub value: Option<String>,
    /// The problem in the reader's language, with where it is.
    pub words: String,
    /// The problem in English.
    pub message: String,
    pub problem: Problem,
}

impl SheetProblem {
    /// Where the problem is, as a spreadsheet names it: `Tarjetas!G5`, `G5`,
    /// `row 5`, or nothing.
    pub fn place(&self) -> String {
        let cell = match (&self.column, self.row) {
            (Some((i, _)), Some(r)) => format!("{}{r}", column_letter(*i)),
            (None, Some(r)) => format!("row {r}"),
            (Some((i, _)), None) => column_letter(*i),
            (None, None) => String::new(),
        };
        match &self.sheet {
            Some(s) if !cell.is_empty() => format!("{s}!{cell}"),
            Some(s) => s.clone(),
            None => cell,
        }
    }
}

/// Every problem found in a table: the reader gives all of them, or a map.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}", .0.iter().map(|p| format!("{}: {}", p.place(), p.message)).collect::<Vec<_>>().join("\n"))]
pub struct SheetProblems(pub Vec<SheetProblem>);

/// The problem of a table with no rows at all.
pub fn empty(c: &Catalogue, sheet: Option<String>) -> SheetProblems {
    let mut p = Problems::new(c, sheet);
    p.add(
        None,
        None,
        None,
        "sheet.problem.empty",
        &[],
        "the table is empty".into(),
        Problem::Missing,
    );
    SheetProblems(p.list)
}

/// Collects problems in the reader's words as a table is read.
pub struct Problems<'a> {
    pub c: &'a Catalogue,
    pub sheet: Option<String>,
    pub list: Vec<SheetProblem>,
    /// How a place without a column is named: a sheet's row, a text's line.
    pub row_words: &'static str,
}

impl<'a> Problems<'a> {
    pub fn new(c: &'a Catalogue, sheet: Option<String>) -> Problems<'a> {
        Problems {
            c,
            sheet,
            list: Vec::new(),
            row_words: "sheet.where.row",
        }
    }

    /// A problem at a row and column (either may be unknown). `key` names
    /// the words in the catalogue; `args` fill them, with `value` as
    /// `{value}`.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        row: Option<usize>,
        column: Option<(usize, String)>,
        value: Option<&str>,
        key: &str,
        args: &[(&str, &str)],
        message: String,
        problem: Problem,
    ) {
        let shown: String = value.unwrap_or("").chars().take(80).collect();
        let mut all: Vec<(&str, &str)> = args.to_vec();
        all.push(("value", &shown));
        let what = self.c.fill(key, &all);
        let words = match (&column, row) {
            (Some((_, h)), Some(r)) => {
                let r = r.to_string();
                format!(
                    "{}: {what}",
                    self.c
                        .fill("sheet.where.cell", &[("row", &r), ("column", h)])
                )
            }
            (None, Some(r)) => {
                let r = r.to_string();
                format!("{}: {what}", self.c.fill(self.row_words, &[("row", &r)]))
            }
            (Some((_, h)), None) => {
                format!(
                    "{}: {what}",
                    self.c.fill("sheet.where.column", &[("column", h)])
                )
            }
            (None, None) => what,
        };
        self.list.push(SheetProblem {
            sheet: self.sheet.clone(),
            row,
            column,
            value: value.map(str::to_string),
            words,
            message,
            problem,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn into_result<T>(self, ok: T) -> Result<T, SheetProblems> {
        if self.list.is_empty() {
            Ok(ok)
        } else {
            Err(SheetProblems(self.list))
        }
    }
}
