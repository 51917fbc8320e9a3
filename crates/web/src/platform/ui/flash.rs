//! Confirmations after an action ("Reply sent", "Assigned to Priya"), shown once on the page
//! the person lands on.
//!
//! A handler that redirects after a change answers [`UiUser::confirm`]: the redirect
//! carries the message in a short-lived cookie, tagged with the session's CSRF secret so
//! that no other site (or sibling domain) can put words on our pages. The next page of the
//! same session reads it into [`crate::ui::Nav::flash`], the layout draws it, and
//! [`clear_shown`] deletes the cookie once a page (not another redirect) has been answered.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use hmac::{Hmac, Mac};
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use sha2::Sha256;

use crate::platform::auth::UiUser;

/// The confirmation cookie's name.
pub const FLASH_COOKIE: &str = "helmdesk_flash";

/// The longest confirmation kept; a longer one is cut (names can be long).
const MAX_CHARS: usize = 300;

/// The MAC of `message` under the session's CSRF secret.
fn mac(secret: &str, message: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(message.as_bytes());
    mac
}

/// The bytes of the tag kept with a message (half of the MAC).
const TAG_BYTES: usize = 16;

/// The cookie's value for `message`: its tag, a dot, the message percent-encoded.
fn encode(secret: &str, message: &str) -> String {
    let message: String = message.chars().take(MAX_CHARS).collect();
    let tag = hex::encode(&mac(secret, &message).finalize().into_bytes()[..TAG_BYTES]);
    format!("{tag}.{}", utf8_percent_encode(&message, NON_ALPHANUMERIC))
}

/// The message of a cookie's `value`, when it was set for the session with `secret`.
pub(crate) fn decode(secret: &str, value: &str) -> Option<String> {
    let (given, encoded) = value.split_once('.')?;
    let given = hex::decode(given).ok().filter(|t| t.len() == TAG_BYTES)?;
    let message = percent_decode_str(encoded).decode_utf8().ok()?.into_owned();
    // A constant-time comparison.
    mac(secret, &message).verify_truncated_left(&given).ok().map(|()| message)
}

/// The confirmation a request carries for `user`'s session, if any.
pub(crate) fn read(headers: &axum::http::HeaderMap, csrf_secret: &str) -> Option<String> {
    CookieJar::from_headers(headers).get(FLASH_COOKIE).and_then(|c| decode(csrf_secret, c.value()))
}

impl UiUser {
    /// A redirect to `to` that shows `message` there.
    pub fn confirm(&self, to: &str, message: impl AsRef<str>) -> Response {
        let cookie = Cookie::build((FLASH_COOKIE, encode(&self.csrf, message.as_ref())))
            .http_only(true)
            .same_site(SameSite::Lax)
            .path("/")
            .build();
        let mut response = Redirect::to(to).into_response();
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        response
    }
}

/// Deletes a confirmation once a page has been answered to the request that carried it;
/// a redirect passes it on to the page it leads to.
pub async fn clear_shown(request: Request, next: Next) -> Response {
    let carried = CookieJar::from_headers(request.headers()).get(FLASH_COOKIE).is_some();
    let mut response = next.run(request).await;
    let sets_its_own = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(FLASH_COOKIE.as_bytes()));
    if carried && !response.status().is_redirection() && !sets_its_own {
        let mut removal = Cookie::build((FLASH_COOKIE, "")).path("/").http_only(true).same_site(SameSite::Lax).build();
        removal.make_removal();
        if let Ok(value) = HeaderValue::from_str(&removal.to_string()) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    #[test]
    fn a_confirmation_reads_back_only_for_its_session() {
        let value = encode("secret-a", "Assigned to Priya Ø & <b>");
        assert_eq!(decode("secret-a", &value).as_deref(), Some("Assigned to Priya Ø & <b>"));
        assert_eq!(decode("secret-b", &value), None);
    }

    #[test]
    fn a_forged_or_broken_value_is_no_confirmation() {
        assert_eq!(decode("s", "00.Hello"), None);
        assert_eq!(decode("s", "no-dot"), None);
        assert_eq!(decode("s", &format!("{}.%FF", "0".repeat(32))), None);
    }

    #[test]
    fn a_long_confirmation_is_cut() {
        let value = encode("s", &"x".repeat(1000));
        assert_eq!(decode("s", &value).map(|m| m.chars().count()), Some(300));
    }
}
