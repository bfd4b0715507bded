//! Markdown from users: rendered with pulldown-cmark, then sanitised with ammonia, when saved.

use pulldown_cmark::{html, Options, Parser};
use std::sync::LazyLock;

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.link_rel(Some("noopener noreferrer nofollow"));
    b.add_generic_attributes(["align"]);
    b
});

fn options() -> Options {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts
}

/// Byte ranges of the paragraphs at the top level of a Markdown text (not inside lists,
/// quotes, tables, footnotes or code).
pub fn top_level_paragraphs(md: &str) -> Vec<std::ops::Range<usize>> {
    use pulldown_cmark::{Event, Tag};
    let mut depth = 0usize;
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => {
                out.push(range);
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out
}

/// Renders Markdown to HTML that is safe to insert into a page.
pub fn render(md: &str) -> String {
    let parser = Parser::new_ext(md, options());
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, parser);
    SANITIZER.clean(&out).to_string()
}

/// The words of a Markdown text without its markup (for the search index).
pub fn plain_text(md: &str) -> String {
    use pulldown_cmark::{Event, TagEnd};
    let mut out = String::with_capacity(md.len());
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => {
                out.push(' ')
            }
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn plain_text_drops_markup_and_html() {
        assert_eq!(
            super::plain_text("# Labour *migration*\n\n- one\n- two <b>x</b>\n\n[IOM](https://iom.int)"),
            "Labour migration one two x IOM"
        );
    }

    #[test]
    fn keeps_legitimate_markdown() {
        let html = render("# Title\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[IOM](https://www.iom.int) **bold**");
        assert!(html.contains("<h1>Title</h1>"));
        assert!(html.contains("<li>one</li>"));
        assert!(html.contains("<table>"));
        assert!(html.contains("<td>2</td>"));
        assert!(html.contains("href=\"https://www.iom.int\""));
        assert!(html.contains("rel=\"noopener noreferrer nofollow\""));
        assert!(html.contains("<strong>bold</strong>"));
    }

    #[test]
    fn removes_scripts_and_handlers() {
        for evil in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<svg onload=alert(1)>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<form action=\"https://evil.example\"><input></form>",
        ] {
            let html = render(evil);
            let lower = html.to_lowercase();
            assert!(!lower.contains("<script"), "{evil} -> {html}");
            assert!(!lower.contains("javascript:"), "{evil} -> {html}");
            assert!(!lower.contains("onerror") && !lower.contains("onload"), "{evil} -> {html}");
            assert!(!lower.contains("<iframe") && !lower.contains("<form") && !lower.contains("style="), "{evil} -> {html}");
        }
    }
}
