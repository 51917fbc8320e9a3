//! Files people give with a form (a reply's attachments, a new ticket's, an article's),
//! before a module keeps them: the size limit (`settings().max_attachment_bytes`) and the
//! names and content types every module stores.

/// A file as it was uploaded.
#[derive(Debug, Clone)]
pub struct NewFile {
    pub filename: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// Refuses a file of `len` bytes when it is larger than `max`.
pub fn check_size(len: usize, max: usize) -> Result<(), crate::AppError> {
    if len > max {
        return Err(crate::AppError::TooLarge(format!("attachments may be at most {} MiB", max / (1024 * 1024))));
    }
    Ok(())
}

/// Refuses the first file larger than `max` bytes, naming it.
pub fn check_sizes(files: &[NewFile], max: usize) -> Result<(), crate::AppError> {
    match files.iter().find(|f| f.data.len() > max) {
        Some(f) => Err(crate::AppError::TooLarge(format!(
            "{} is too large: attachments may be at most {} MiB",
            f.filename,
            max / (1024 * 1024)
        ))),
        None => Ok(()),
    }
}

/// Keeps the last path component, drops control and quoting characters, bounds the length.
pub fn sanitize_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\'' | '<' | '>' | ':' | '*' | '?' | '|' | ';'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_string();
    let cleaned: String = cleaned.chars().take(200).collect();
    if cleaned.is_empty() { "attachment".into() } else { cleaned }
}

/// A content type of the form `type/subtype`, or `application/octet-stream`.
pub fn sanitize_content_type(ct: &str) -> String {
    let essence = ct.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let token = |s: &str| {
        !s.is_empty() && s.len() <= 100 && s.chars().all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c))
    };
    match essence.split_once('/') {
        Some((t, s)) if token(t) && token(s) => essence,
        _ => "application/octet-stream".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filenames_lose_their_paths_and_dangerous_characters() {
        assert_eq!(sanitize_filename("../../etc/passwd"), "passwd");
        assert_eq!(sanitize_filename("C:\\Users\\x\\report.pdf"), "report.pdf");
        assert_eq!(sanitize_filename("a\"b<script>.html"), "abscript.html");
        assert_eq!(sanitize_filename("..."), "attachment");
        assert_eq!(sanitize_filename("line\r\nbreak.txt"), "linebreak.txt");
        assert_eq!(sanitize_filename(".htaccess"), "htaccess");
    }

    #[test]
    fn content_types_are_reduced_to_their_essence_or_octet_stream() {
        assert_eq!(sanitize_content_type("text/plain; charset=utf-8"), "text/plain");
        assert_eq!(sanitize_content_type("IMAGE/PNG"), "image/png");
        assert_eq!(sanitize_content_type("text/html\r\nX-Evil: 1"), "application/octet-stream");
        assert_eq!(sanitize_content_type(""), "application/octet-stream");
    }
}
