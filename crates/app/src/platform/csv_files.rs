//! Reading a CSV file people upload for an import: UTF-8 with or without its byte order
//! mark, else Windows-1252 (what Excel writes on Windows); `,` or `;` between cells,
//! whichever the header line holds more of; at most [`FILE_MAX`] bytes and [`ROWS_MAX`]
//! rows. The header's names are matched to an importer's columns in any case (spaces and
//! hyphens count as underscores); other columns are listed and ignored.

use std::collections::HashMap;

use crate::AppError;

/// Largest file an import reads, in bytes.
pub const FILE_MAX: usize = 10 * 1024 * 1024;
/// Most rows an import reads.
pub const ROWS_MAX: usize = 50_000;

/// A file's rows, by the importer's column names.
#[derive(Debug, Clone, Default)]
pub struct CsvTable {
    /// The columns recognised, in the file's order.
    pub columns: Vec<&'static str>,
    /// The header's other names, ignored.
    pub ignored: Vec<String>,
    pub rows: Vec<CsvRow>,
}

/// One row of a file.
#[derive(Debug, Clone, Default)]
pub struct CsvRow {
    /// The line of the file it starts on (the header is line 1).
    pub line: u64,
    cells: HashMap<&'static str, String>,
}

impl CsvRow {
    /// A row of these cells (for tests and callers that build rows).
    pub fn new(line: u64, cells: &[(&'static str, &str)]) -> CsvRow {
        CsvRow { line, cells: cells.iter().map(|(k, v)| (*k, v.to_string())).collect() }
    }

    /// The cell of `column`, trimmed; `None` when absent or empty.
    pub fn get(&self, column: &str) -> Option<&str> {
        self.cells.get(column).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    /// Whether the file has the column at all (an empty cell then clears a value).
    pub fn has(&self, column: &str) -> bool {
        self.cells.contains_key(column)
    }
}

/// The text of a file: UTF-8 (its byte order mark dropped), else Windows-1252.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// The separator the header line uses more of: `;` or `,`.
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    if header.matches(';').count() > header.matches(',').count() { b';' } else { b',' }
}

/// A header name as a column name: lower case, spaces and hyphens as underscores.
fn column_key(name: &str) -> String {
    name.trim().to_lowercase().replace([' ', '-'], "_")
}

/// Our export writes a cell a spreadsheet would run with a leading apostrophe; reading it
/// back takes the apostrophe off, so that an export imports as it was.
fn undefused(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

/// Reads `bytes` as a table of `known` columns; the file must have every one of
/// `required`. A file too large, with too many rows, without a header or that is not
/// CSV is refused whole, naming the `file` field.
pub fn read_table(bytes: &[u8], known: &[&'static str], required: &[&str]) -> Result<CsvTable, AppError> {
    if bytes.len() > FILE_MAX {
        return Err(AppError::TooLarge(format!("the file is larger than {} MiB", FILE_MAX / 1024 / 1024)));
    }
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(&text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let broken = |e: csv::Error| AppError::invalid("file", format!("the file is not CSV: {e}"));
    let header = reader.headers().map_err(broken)?.clone();
    let mut table = CsvTable::default();
    let mut at: Vec<Option<&'static str>> = Vec::new();
    for name in header.iter() {
        let column = known.iter().find(|k| **k == column_key(name)).copied();
        match column {
            Some(c) if !table.columns.contains(&c) => table.columns.push(c),
            Some(_) => return Err(AppError::invalid("file", format!("the column {name} is there twice"))),
            None if name.trim().is_empty() => {}
            None => table.ignored.push(name.trim().to_string()),
        }
        at.push(column);
    }
    if table.columns.is_empty() {
        return Err(AppError::invalid(
            "file",
            format!("the first line names none of the columns ({}); is it the header?", known.join(", ")),
        ));
    }
    let missing: Vec<&str> = required.iter().filter(|r| !table.columns.contains(r)).copied().collect();
    if !missing.is_empty() {
        return Err(AppError::invalid("file", format!("the file has no column {}", missing.join(", "))));
    }
    for record in reader.records() {
        let record = record.map_err(broken)?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if table.rows.len() == ROWS_MAX {
            return Err(AppError::invalid("file", format!("the file has more than {ROWS_MAX} rows; split it")));
        }
        let line = record.position().map(|p| p.line()).unwrap_or_default();
        let cells = at
            .iter()
            .zip(record.iter())
            .filter_map(|(column, cell)| Some(((*column)?, undefused(cell).to_string())))
            .collect();
        table.rows.push(CsvRow { line, cells });
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[&str] = &["name", "email", "role"];

    #[test]
    fn a_byte_order_mark_and_semicolons_are_understood() {
        let t = read_table("\u{feff}Name;E-mail;Shoe size\nAda;ada@example.com;38\n".as_bytes(), KNOWN, &[]).unwrap();
        assert_eq!(t.columns, vec!["name"]);
        assert_eq!(t.ignored, vec!["E-mail", "Shoe size"]);
        assert_eq!(t.rows[0].get("name"), Some("Ada"));
        assert_eq!(t.rows[0].line, 2);
    }

    #[test]
    fn windows_1252_is_read_when_the_file_is_not_utf8() {
        let t = read_table(b"name,email\nJos\xe9 M\xfcller,j@example.com\n", KNOWN, &[]).unwrap();
        assert_eq!(t.rows[0].get("name"), Some("José Müller"));
    }

    #[test]
    fn a_missing_required_column_refuses_the_file() {
        let e = read_table(b"name\nAda\n", KNOWN, &["email"]).unwrap_err();
        assert!(e.summary().contains("no column email"), "{}", e.summary());
        assert!(read_table(b"colour,size\nred,2\n", KNOWN, &[]).is_err());
    }

    #[test]
    fn too_many_rows_or_bytes_are_refused() {
        let mut big = String::from("name\n");
        for i in 0..=ROWS_MAX {
            big.push_str(&format!("p{i}\n"));
        }
        assert!(read_table(big.as_bytes(), KNOWN, &[]).unwrap_err().summary().contains("more than"));
        let huge = vec![b'a'; FILE_MAX + 1];
        assert!(matches!(read_table(&huge, KNOWN, &[]), Err(AppError::TooLarge(_))));
    }

    #[test]
    fn an_exported_defused_cell_reads_back_as_written() {
        let t = read_table(b"name\n'=SUM(A1)\n'quoted\n", KNOWN, &[]).unwrap();
        assert_eq!(t.rows[0].get("name"), Some("=SUM(A1)"));
        assert_eq!(t.rows[1].get("name"), Some("'quoted"));
    }
}
