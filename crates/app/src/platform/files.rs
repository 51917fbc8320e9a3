//! Files people give with a form (a reply's attachments, a new ticket's), before a module
//! keeps them.

/// A file as it was uploaded.
#[derive(Debug, Clone)]
pub struct NewFile {
    pub filename: String,
    pub content_type: String,
    pub data: Vec<u8>,
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
