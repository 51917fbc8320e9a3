//! Files sent back as downloads (tickets' and articles' attachments): always
//! `Content-Disposition: attachment`, never rendered by the browser as a page.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// Content types a browser might execute or render as a document: served as bytes.
const ACTIVE_TYPES: &[&str] = &[
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
    "application/x-shockwave-flash",
];

/// A file download: `Content-Disposition: attachment`, `nosniff`, no active content types,
/// a sandboxing CSP, and a safe filename.
pub fn file_response(filename: &str, content_type: &str, data: Vec<u8>) -> Response {
    let content_type = if ACTIVE_TYPES.contains(&content_type) { "application/octet-stream" } else { content_type };
    let ascii: String =
        filename.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ()".contains(c) { c } else { '_' }).collect();
    let encoded: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let mut response = data.into_response();
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: header::HeaderName, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(name, v);
        }
    };
    set(headers, header::CONTENT_TYPE, content_type);
    set(headers, header::CONTENT_DISPOSITION, &disposition);
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox");
    set(headers, header::CACHE_CONTROL, "private, no-store");
    response
}
