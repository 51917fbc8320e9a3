//! A person's theme over the system's: the stylesheet is written with
//! `@media (prefers-color-scheme: dark)` blocks (the system's choice); the stylesheet served
//! is derived from it once, so that a page marked `data-theme="light"` never takes the dark
//! rules and one marked `data-theme="dark"` always does.

/// The dark rules' media query as the stylesheet writes it.
const DARK: &str = "@media (prefers-color-scheme: dark)";

/// `css` with each dark block kept for pages not marked light, and copied for pages marked
/// dark.
pub fn themed(css: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut forced = String::new();
    let mut rest = css;
    while let Some(start) = rest.find(DARK) {
        out.push_str(&rest[..start]);
        let after = &rest[start + DARK.len()..];
        let Some(open) = after.find('{') else { break };
        let Some(close) = matching(after, open) else { break };
        let rules = &after[open + 1..close];
        out.push_str(DARK);
        out.push_str(" {");
        out.push_str(&scoped(rules, ":root:not([data-theme=\"light\"])"));
        out.push('}');
        forced.push_str(&scoped(rules, ":root[data-theme=\"dark\"]"));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out.push_str("\n/* Chosen themes (ui/theme.rs). */\n:root[data-theme=\"light\"] { color-scheme: light; }\n");
    out.push_str(":root[data-theme=\"dark\"] { color-scheme: dark; }\n");
    out.push_str(&forced);
    out
}

/// The index of the brace that closes the one at `open`.
fn matching(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The rules of a block with every selector put under `root` (`:root` itself becomes it).
fn scoped(rules: &str, root: &str) -> String {
    let mut out = String::new();
    let mut rest = rules;
    while let Some(open) = rest.find('{') {
        let Some(close) = matching(rest, open) else { break };
        let selectors = rest[..open]
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| match s.strip_prefix(":root") {
                Some(tail) => format!("{root}{tail}"),
                None => format!("{root} {s}"),
            })
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!(" {selectors} {}", &rest[open..=close]));
        rest = &rest[close + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::themed;

    #[test]
    fn dark_rules_follow_the_system_unless_a_theme_is_chosen() {
        let css = ".a { color: black; }\n@media (prefers-color-scheme: dark) { :root { --bg: #000; } .b, .c d { color: white; } }\n.e { x: y; }";
        let out = themed(css);
        assert!(out.contains(r#"@media (prefers-color-scheme: dark) { :root:not([data-theme="light"]) { --bg: #000; } :root:not([data-theme="light"]) .b, :root:not([data-theme="light"]) .c d { color: white; }}"#), "{out}");
        assert!(out.contains(r#":root[data-theme="dark"] { --bg: #000; } :root[data-theme="dark"] .b, :root[data-theme="dark"] .c d { color: white; }"#), "{out}");
        assert!(out.starts_with(".a { color: black; }") && out.contains(".e { x: y; }"));
    }

    #[test]
    fn the_real_stylesheet_keeps_its_rules() {
        let css = include_str!("../../static/app.css");
        let out = themed(css);
        assert_eq!(
            out.matches("@media (prefers-color-scheme: dark)").count(),
            css.matches("@media (prefers-color-scheme: dark)").count()
        );
        assert!(out.contains(r#":root[data-theme="dark"] {"#), "the dark palette is there for a chosen dark theme");
        assert_eq!(out.matches('{').count(), out.matches('}').count(), "braces balance");
    }
}
