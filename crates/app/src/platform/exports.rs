//! Exports of any list as CSV or XLSX. A list's row type says its columns and its cells
//! ([`ExportRow`]); its records are read a page at a time ([`pages`], keyset, in the list's
//! order), so an export of any size holds one page in memory: CSV is sent as each page is
//! written ([`csv_lines`]); XLSX rows go to the workbook's temporary files (its constant
//! memory mode) and the finished file is sent from disk ([`xlsx_file`]). Cells a
//! spreadsheet would run as formulas are defused.

use std::future::Future;
use std::io::{Seek, SeekFrom};

use futures::{Stream, TryStreamExt, stream};
use rust_xlsxwriter::Workbook;

use crate::{AppError, Page};

/// Records read per page of an export.
pub const PAGE: i64 = 1_000;

/// A file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    /// The media type of the file.
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

/// A record as a row of an export.
pub trait ExportRow: Send + 'static {
    /// The file's name before its date, and the XLSX sheet's name (`tickets`).
    const NAME: &'static str;
    /// The columns, in order.
    fn columns() -> &'static [&'static str];
    /// The cells of this record, in [`ExportRow::columns`] order.
    fn cells(&self) -> Vec<String>;
}

/// A spreadsheet would run a cell starting with `=`, `+`, `-` or `@` as a formula: such
/// text gets a leading apostrophe (OWASP's advice for CSV injection).
pub fn defused(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell }
}

/// An optional text cell.
pub fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// An optional cell of anything printable.
pub fn shown<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// CSV lines: the header when `header`, then one line per record.
pub fn csv_lines<R: ExportRow>(rows: &[R], header: bool) -> Result<Vec<u8>, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::Internal(format!("writing CSV: {e}"));
    if header {
        out.write_record(R::columns()).map_err(fail)?;
    }
    for r in rows {
        out.write_record(r.cells().into_iter().map(defused)).map_err(fail)?;
    }
    out.into_inner().map_err(|e| AppError::Internal(format!("writing CSV: {e}")))
}

/// Writes the pages into an XLSX file in a temporary file, rewound for reading. Rows go
/// to disk as they are written (constant memory mode). Cells are written as text, which a
/// spreadsheet never runs.
pub async fn xlsx_file<R: ExportRow>(
    pages: impl Stream<Item = Result<Vec<R>, AppError>>,
) -> Result<std::fs::File, AppError> {
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("writing XLSX: {e}"));
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory().map_err(fail)?;
    let mut title = R::NAME.to_string();
    title[..1].make_ascii_uppercase();
    sheet.set_name(title).map_err(fail)?;
    for (col, name) in R::columns().iter().enumerate() {
        sheet.write_string(0, col as u16, *name).map_err(fail)?;
    }
    let mut row: u32 = 1;
    futures::pin_mut!(pages);
    while let Some(page) = pages.try_next().await? {
        for r in &page {
            for (col, cell) in r.cells().iter().enumerate() {
                sheet.write_string(row, col as u16, cell).map_err(fail)?;
            }
            row += 1;
        }
    }
    tokio::task::spawn_blocking(move || {
        let mut file = tempfile::tempfile().map_err(|e| AppError::Internal(format!("temporary file: {e}")))?;
        workbook.save_to_writer(&mut file).map_err(fail)?;
        file.seek(SeekFrom::Start(0)).map_err(|e| AppError::Internal(format!("temporary file: {e}")))?;
        Ok(file)
    })
    .await
    .map_err(|e| AppError::Internal(format!("writing XLSX: {e}")))?
}

/// Every page of a keyset list: `fetch` reads the page at a cursor (`None`: the first),
/// empty pages are skipped.
pub fn pages<R, F, Fut>(fetch: F) -> impl Stream<Item = Result<Vec<R>, AppError>> + Send + 'static
where
    R: Send + 'static,
    F: Fn(Option<String>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Page<R>, AppError>> + Send + 'static,
{
    let fetch = std::sync::Arc::new(fetch);
    stream::try_unfold(Some(None), move |next: Option<Option<String>>| {
        let fetch = fetch.clone();
        async move {
            let Some(cursor) = next else { return Ok(None) };
            let page = fetch(cursor).await?;
            Ok(Some((page.items, page.next_cursor.map(Some))))
        }
    })
    .try_filter(|page| std::future::ready(!page.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row(&'static str);

    impl ExportRow for Row {
        const NAME: &'static str = "rows";
        fn columns() -> &'static [&'static str] {
            &["a", "b"]
        }
        fn cells(&self) -> Vec<String> {
            vec![self.0.into(), "x".into()]
        }
    }

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_defused() {
        assert_eq!(defused("=HYPERLINK(\"http://evil\")".into()), "'=HYPERLINK(\"http://evil\")");
        assert_eq!(defused("+1".into()), "'+1");
        assert_eq!(defused("@SUM(A1)".into()), "'@SUM(A1)");
        assert_eq!(defused("Printer broken".into()), "Printer broken");
    }

    #[test]
    fn csv_lines_defuse_every_cell_and_name_every_column() {
        let text = String::from_utf8(csv_lines(&[Row("=1+1")], true).unwrap()).unwrap();
        assert_eq!(text, "a,b\n'=1+1,x\n");
        assert!(csv_lines::<Row>(&[], false).unwrap().is_empty());
    }

    #[tokio::test]
    async fn pages_follow_the_cursor_to_the_end() {
        let all = pages(|cursor: Option<String>| async move {
            Ok(match cursor.as_deref() {
                None => Page { items: vec![1, 2], next_cursor: Some("b".into()) },
                Some("b") => Page { items: vec![], next_cursor: Some("c".into()) },
                _ => Page { items: vec![3], next_cursor: None },
            })
        });
        let got: Vec<Vec<i32>> = all.try_collect().await.unwrap();
        assert_eq!(got, vec![vec![1, 2], vec![3]]);
    }
}
