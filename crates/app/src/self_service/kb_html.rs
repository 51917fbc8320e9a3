//! An article's rich text: HTML kept to a strict allowlist (ammonia), on save and again
//! on display, and the words it holds (what search indexes and versions are compared by).
//!
//! Allowed: paragraphs, headings, lists, emphasis, code, quotes, tables, rules, links and
//! images. Nothing else survives: no script, style, iframe, form or SVG, no `on*` or
//! `style` attributes, no classes. Links go only to http, https, mailto or a relative
//! address, and carry `rel="noopener noreferrer"`; images come only from http(s) or this
//! site's article attachments ([`ATTACHMENT_PATH`]).

use std::collections::HashSet;

use ammonia::{Builder, UrlRelative};

/// Where this site serves articles' attachments; images may come from there.
pub const ATTACHMENT_PATH: &str = "/kb/attachments/";

const TAGS: &[&str] = &[
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "code",
    "pre",
    "blockquote",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
];

fn builder() -> Builder<'static> {
    let mut b = Builder::empty();
    b.tags(TAGS.iter().copied().collect())
        .tag_attributes(
            [
                ("a", ["href", "title"].into_iter().collect::<HashSet<_>>()),
                ("img", ["src", "alt", "width", "height"].into_iter().collect()),
                ("th", ["colspan", "rowspan"].into_iter().collect()),
                ("td", ["colspan", "rowspan"].into_iter().collect()),
            ]
            .into_iter()
            .collect(),
        )
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .url_relative(UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .clean_content_tags(["script", "style"].into_iter().collect())
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("img", "src") => image_source(value).then(|| value.into()),
            _ => Some(value.into()),
        });
    b
}

/// Whether an image may be shown from `src`: the web, or this site's attachments.
fn image_source(src: &str) -> bool {
    let lower = src.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with(ATTACHMENT_PATH)
}

/// `html` with everything outside the allowlist removed.
pub fn sanitise(html: &str) -> String {
    builder().clean(html).to_string()
}

/// The words of `html`, tags and markup gone, spaces collapsed.
pub fn text_of(html: &str) -> String {
    // A space before each tag keeps the words of neighbouring blocks apart.
    let spaced = html.replace('<', " <");
    let escaped =
        Builder::empty().clean_content_tags(["script", "style"].into_iter().collect()).clean(&spaced).to_string();
    let text = escaped
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_styles_are_removed() {
        let html = sanitise(
            r#"<p onclick="x()" style="position:fixed;top:0">Hi<script>alert(1)</script><style>p{}</style></p>
               <svg onload="alert(1)"><circle/></svg><iframe src="https://evil.example"></iframe>
               <form action="/x"><input name="a"></form><img src="x" onerror="alert(1)">"#,
        );
        for bad in ["script", "alert", "style", "onclick", "onload", "onerror", "svg", "iframe", "form", "input"] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
        assert!(html.contains("<p>Hi</p>"));
    }

    #[test]
    fn only_safe_links_and_images_survive() {
        let html = sanitise(
            "<a href=\"javascript:alert(1)\">a</a><a href=\"jav&#x09;ascript:alert(1)\">b</a>\
             <a href=\"data:text/html,x\">c</a><a href=\"https://example.com\">d</a><a href=\"/kb/2\">e</a>\
             <a href=\"mailto:it@example.com\">f</a><img src=\"data:image/png;base64,AAAA\"><img src=\"/kb/attachments/3\">\
             <img src=\"https://example.com/a.png\"><img src=\"/admin\">",
        );
        assert!(!html.contains("javascript") && !html.contains("data:"), "{html}");
        assert!(html.contains(r#"<a href="https://example.com" rel="noopener noreferrer">d</a>"#), "{html}");
        assert!(html.contains(r#"href="/kb/2""#) && html.contains("mailto:it@example.com"));
        assert!(html.contains(r#"<img src="/kb/attachments/3">"#) && html.contains("https://example.com/a.png"));
        assert!(!html.contains("/admin"), "{html}");
    }

    #[test]
    fn sanitising_twice_changes_nothing() {
        let once = sanitise("<p>VPN <a href=\"https://x.example\">guide</a> &amp; <b>more</b></p>");
        assert_eq!(sanitise(&once), once);
    }

    #[test]
    fn the_text_of_html_is_its_words() {
        assert_eq!(
            text_of("<h2>VPN</h2><p>Open the <b>client</b> &amp; sign in</p><script>x()</script>"),
            "VPN Open the client & sign in"
        );
    }
}
