//! What every response carries and every request is checked for, whatever its route:
//! security headers, the refusal of control characters in paths, safe redirect targets,
//! and who may read the metrics.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use helmdesk_app::AppError;
use url::Url;

use crate::AppState;
use crate::error::ApiError;
use crate::ui::UiError;

/// HSTS for a year, subdomains included, when the public URL is https.
const HSTS: &str = "max-age=31536000; includeSubDomains";
/// The policy of responses that set none: nothing runs, nothing frames them.
const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// Adds the headers every response carries unless its route set its own: `nosniff`, no
/// framing, a restrictive content security policy, no referrer outside the site, and HSTS
/// when the public URL is https.
pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let defaults = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CONTENT_SECURITY_POLICY, DEFAULT_CSP),
        (header::REFERRER_POLICY, "same-origin"),
    ];
    for (name, value) in defaults {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    }
    if state.https() {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    response
}

/// Whether a path, raw or percent-decoded, holds a control character.
pub fn has_control_characters(path: &str) -> bool {
    path.chars().any(char::is_control)
        || percent_encoding::percent_decode_str(path).decode_utf8_lossy().chars().any(char::is_control)
}

/// Refuses (400) a request whose path holds a control character, raw or percent-encoded,
/// before any handler sees it: no such path names anything, and a handler that echoed it
/// into a header could only fail.
pub async fn reject_control_characters(request: Request, next: Next) -> Response {
    if !has_control_characters(request.uri().path()) {
        return next.run(request).await;
    }
    let refused = AppError::BadRequest("the path holds a control character".into());
    if request.uri().path().starts_with("/api/") {
        ApiError(refused).into_response()
    } else {
        UiError::App(refused).into_response()
    }
}

/// Where to go after a login or a form: a path on this site, never another site. `next`
/// is parsed as a browser parses a link (backslashes as slashes, dots resolved) against
/// this site; one that leaves it, is not a path, or holds a control character (which
/// browsers drop, turning `/\t/evil.example` into `//evil.example`) gives `/`. The result
/// is serialised by the URL parser, so it is always a valid `Location`.
pub fn safe_next(next: &str) -> String {
    let Ok(base) = Url::parse("http://helmdesk.invalid/") else { return "/".into() };
    if !next.starts_with('/') || next.chars().any(char::is_control) {
        return "/".into();
    }
    match base.join(next) {
        Ok(url) if url.origin() == base.origin() => {
            let mut target = url.path().to_string();
            if let Some(q) = url.query() {
                target.push('?');
                target.push_str(q);
            }
            if let Some(f) = url.fragment() {
                target.push('#');
                target.push_str(f);
            }
            target
        }
        _ => "/".into(),
    }
}

/// A redirect to a path built from a request's input, made safe first ([`safe_next`]).
pub fn redirect_within(target: &str) -> Redirect {
    Redirect::to(&safe_next(target))
}

/// Whether this request may read `/metrics`: with the configured `metrics_token` as its
/// bearer token; without one configured, only from the loopback address and not through
/// a proxy (which would add `X-Forwarded-For` or `Forwarded`).
pub fn may_read_metrics(parts: &Parts, metrics_token: Option<&str>) -> Result<(), AppError> {
    if let Some(expected) = metrics_token {
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        let same = given.len() == expected.len()
            && helmdesk_app::secrets::secret_hash(given) == helmdesk_app::secrets::secret_hash(expected);
        return if same { Ok(()) } else { Err(AppError::Unauthenticated) };
    }
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let proxied = parts.headers.contains_key("x-forwarded-for") || parts.headers.contains_key(header::FORWARDED);
    if peer.is_some_and(|p: IpAddr| p.is_loopback()) && !proxied {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "metrics are served on the loopback address, or with the metrics token (web.metrics_token)",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_places_to_go_back_to() {
        assert_eq!(safe_next("/tickets?view=open"), "/tickets?view=open");
        assert_eq!(safe_next("/tickets/7#reply"), "/tickets/7#reply");
        assert_eq!(safe_next("/a/../b"), "/b");
        for hostile in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example/",
            "/\t/evil.example/",
            "/\n/evil.example/",
            "\t/evil.example",
            "/%0d%0aSet-Cookie:x",
            "/x\u{0b}y",
            "/x\u{0}y",
            "javascript:alert(1)",
            "",
            "tickets",
        ] {
            let target = safe_next(hostile);
            assert!(!target.starts_with("//") && !target.contains("evil"), "{hostile:?} gave {target:?}");
            assert!(HeaderValue::from_str(&target).is_ok(), "{hostile:?} gave an invalid Location {target:?}");
        }
        assert_eq!(safe_next("/\t/evil.example/"), "/");
        // Encoded line breaks stay encoded: a valid header, a path that names nothing.
        assert_eq!(safe_next("/%0d%0aSet-Cookie:x"), "/%0d%0aSet-Cookie:x");
    }

    #[test]
    fn control_characters_are_found_raw_and_percent_encoded() {
        assert!(has_control_characters("/admin/notifications/%0d%0aX/en"));
        assert!(has_control_characters("/a%00b"));
        assert!(has_control_characters("/a%C2%85b"), "a C1 control (NEL) encoded in UTF-8");
        assert!(!has_control_characters("/tickets/12/attachments"));
        assert!(!has_control_characters("/search/caf%C3%A9"));
    }
}
