//! Replies, notes and descriptions are Markdown: rendered to HTML here, then sanitised, so
//! that nothing a writer (or a mail) puts in a text runs or loads in the reader's page.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

/// `text` as safe HTML: CommonMark with tables, strikethrough and task lists; a line break
/// is a line break (as people type in a plain box); raw HTML is shown as the text it is;
/// images become links (no remote loads); links open without the page's referrer.
pub fn to_html(text: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(text, options).map(|event| match event {
        Event::SoftBreak => Event::HardBreak,
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut rendered = String::with_capacity(text.len() * 5 / 4);
    html::push_html(&mut rendered, events);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer nofollow"))
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tags(["input"])
        .clean(&rendered)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn markdown_is_rendered() {
        assert_eq!(to_html("**bold** and `code`"), "<p><strong>bold</strong> and <code>code</code></p>\n");
        assert!(to_html("- one\n- two").contains("<li>one</li>"));
    }

    #[test]
    fn a_line_break_is_kept() {
        assert_eq!(to_html("first\nsecond"), "<p>first<br>\nsecond</p>\n");
    }

    #[test]
    fn a_pasted_log_keeps_its_columns() {
        let html = to_html("```\nPID   CMD\n  1   init\n```");
        assert!(html.contains("<pre><code>PID   CMD\n  1   init\n</code></pre>"), "{html}");
    }

    #[test]
    fn raw_html_is_text_not_markup() {
        let html = to_html("<script>alert(1)</script> <b onclick=x>hi</b>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn dangerous_links_and_images_are_removed() {
        let html = to_html("[x](javascript:alert(1)) ![t](https://tracker.example/p.gif) [ok](https://example.com)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains(">t</a>"), "the image is a link named by its text: {html}");
        assert!(html.contains(r#"<a href="https://example.com" rel="noopener noreferrer nofollow">ok</a>"#), "{html}");
    }
}
