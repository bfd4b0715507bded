//! Markdown from users: rendered with pulldown-cmark, then sanitised with ammonia, when saved.

use pulldown_cmark::{html, Options, Parser};
use std::sync::LazyLock;

/// The sanitiser's settings that pages and emails share.
fn sanitizer() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.link_rel(Some("noopener noreferrer nofollow"));
    b.add_generic_attributes(["align"]);
    b
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = sanitizer();
    // An image from another site is a tracking pixel as much as a picture: raw HTML images keep
    // only a same-site address (Markdown images become links before this, see `render`).
    b.attribute_filter(|element, attribute, value| {
        if element == "img" && matches!(attribute, "src" | "srcset") && is_external(value) {
            None
        } else {
            Some(value.into())
        }
    });
    b
});

/// Whether an address points to another site (it has a scheme, or starts with `//`); a path
/// on this site (`/papers/…`) does not.
fn is_external(url: &str) -> bool {
    // Browsers read `\` as `/` and ignore tabs and line breaks in addresses.
    let url: String = url.trim().chars().filter(|c| !c.is_control()).map(|c| if c == '\\' { '/' } else { c }).collect();
    url.starts_with("//") || url.split(['/', '?', '#']).next().is_some_and(|first| first.contains(':'))
}

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

/// The points a text makes, in order, as Markdown: the items of its top-level lists (without
/// their markers) or, when it has no list, its top-level paragraphs (a profile's
/// recommendations chapter: one recommendation per point, a lead-in sentence left out).
pub fn top_level_points(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Tag};
    let mut stack: Vec<bool> = Vec::new(); // per open element: whether it is a list
    let (mut items, mut paragraphs) = (Vec::new(), Vec::new());
    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                let top_item = matches!(tag, Tag::Item) && stack.len() == 1 && stack[0];
                let top_paragraph = matches!(tag, Tag::Paragraph) && stack.is_empty();
                let text = md[range].trim();
                if top_item && !strip_marker(text).trim().is_empty() {
                    items.push(dedent_item(text));
                } else if top_paragraph && !text.is_empty() {
                    paragraphs.push(text.to_string());
                }
                stack.push(matches!(tag, Tag::List(_)));
            }
            Event::End(_) => {
                stack.pop();
            }
            _ => {}
        }
    }
    if items.is_empty() {
        paragraphs
    } else {
        items
    }
}

/// A list item as a Markdown text of its own: without its marker, and its continuation lines
/// without the indentation that placed them in the item (so a nested list stays a list).
fn dedent_item(item: &str) -> String {
    let content = strip_marker(item);
    let width = item.len() - content.len();
    let mut lines = content.lines();
    let mut out = lines.next().unwrap_or("").to_string();
    for line in lines {
        let indent = line.len() - line.trim_start_matches(' ').len();
        out.push('\n');
        out.push_str(&line[indent.min(width)..]);
    }
    out.trim().to_string()
}

/// A list item's text without its marker (`- `, `* `, `+ `, `1. `, `1) `).
fn strip_marker(item: &str) -> &str {
    let digits = item.bytes().take_while(u8::is_ascii_digit).count();
    let rest = if digits > 0 && item[digits..].starts_with(['.', ')']) {
        &item[digits + 1..]
    } else if item.starts_with(['-', '*', '+']) {
        &item[1..]
    } else {
        item
    };
    rest.trim_start()
}

/// Markdown to HTML (not yet sanitised), each image for which `as_link(address)` holds turned
/// into a link to it, its description as the link text.
fn to_html(md: &str, as_link: impl Fn(&str) -> bool) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut linked = Vec::new();
    let parser = Parser::new_ext(md, options()).map(|event| match event {
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let link = as_link(&dest_url);
            linked.push(link);
            if link {
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            } else {
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
        }
        Event::End(TagEnd::Image) => {
            if linked.pop().unwrap_or(false) {
                Event::End(TagEnd::Link)
            } else {
                Event::End(TagEnd::Image)
            }
        }
        other => other,
    });
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

/// Renders Markdown to HTML that is safe to insert into a page. An image from another site is
/// turned into a link to it (its description as the link text): nothing on a page makes the
/// reader's browser fetch from elsewhere.
pub fn render(md: &str) -> String {
    SANITIZER.clean(&to_html(md, is_external)).to_string()
}

/// Markdown for an email's HTML part: as [`render`], but every image (this site's too) becomes a
/// link to it and raw HTML images are dropped, so opening the email fetches nothing; and
/// addresses on this site (`/meetings/…`) are made absolute against `base`, an absolute address
/// on the site (the email's own link), since a mail client has no page to resolve them against.
/// If `base` is not an absolute address, such links keep their text and lose their address.
pub fn render_for_email(md: &str, base: &str) -> String {
    let mut b = sanitizer();
    b.rm_tags(["img"]);
    b.url_relative(match ammonia::Url::parse(base) {
        Ok(base) if base.has_host() => ammonia::UrlRelative::RewriteWithBase(base),
        _ => ammonia::UrlRelative::Deny,
    });
    b.clean(&to_html(md, |_| true)).to_string()
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

/// Escapes text for a Markdown table cell or paragraph: no markup, no raw HTML, no line breaks.
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn the_points_of_a_text_are_its_top_level_items_and_paragraphs() {
        let md = "Intro paragraph.\n\n1. Harmonise the *registers*.\n2. Add a module:\n   - to the census\n\n- Share data\n\n> quoted";
        assert_eq!(super::top_level_points(md), ["Harmonise the *registers*.", "Add a module:\n- to the census", "Share data"]);
        assert_eq!(super::top_level_points("First.\n\nSecond *point*."), ["First.", "Second *point*."]);
        assert!(super::top_level_points("").is_empty());
    }

    #[test]
    fn plain_text_drops_markup_and_html() {
        assert_eq!(
            super::plain_text("# Labour *migration*\n\n- one\n- two <b>x</b>\n\n[IOM](https://iom.int)"),
            "Labour migration one two x IOM"
        );
    }

    #[test]
    fn external_images_become_links_and_raw_ones_lose_their_address() {
        let html = render("![pixel](https://tracker.example/p.gif) and ![logo](/papers/1/files/2/logo.png)");
        assert!(!html.contains("<img src=\"https://tracker.example"), "{html}");
        assert!(html.contains("<a href=\"https://tracker.example/p.gif\""), "{html}");
        assert!(html.contains(">pixel</a>"), "{html}");
        assert!(html.contains("<img src=\"/papers/1/files/2/logo.png\""), "{html}");
        for raw in [
            "<img src=\"http://t.example/x.gif\">",
            "<img src=\"//t.example/x.gif\">",
            "<img src=\"HTTPS://t.example/x\">",
            "<img src=\"/\\t.example/x\">",
        ] {
            let html = render(raw);
            assert!(!html.contains("t.example"), "{raw} -> {html}");
        }
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
