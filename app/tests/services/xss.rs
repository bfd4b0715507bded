//! The XSS corpus (end2end/fixtures/xss-payloads.txt, shared with the browser test) pushed
//! through every Markdown field and through the file-name sanitiser: nothing that can run
//! script survives, and legitimate Markdown is kept.

use crate::support::*;
use app::features::agenda::service as agenda;
use app::features::agenda::types::{ItemForm, SessionForm};
use app::features::minutes::service as minutes;
use app::features::minutes::types::{CommentForm, CorrigendumForm, MinutesStepForm, SectionForm};
use app::features::papers::files::{sanitize_name, FileKind};
use app::features::papers::service as papers;
use app::features::papers::types::PaperForm;
use app::ssr::entities::{agenda_item, meeting, minutes_comment, minutes_corrigendum, minutes_section, paper};
use sea_orm::EntityTrait;

pub const PAYLOADS: &str = include_str!("../../../end2end/fixtures/xss-payloads.txt");

pub fn payloads() -> Vec<&'static str> {
    PAYLOADS.lines().filter(|l| !l.trim().is_empty()).collect()
}

/// Legitimate Markdown that must come through intact.
pub const LEGIT: &str = "## Regional overview\n\n| Country | Returns |\n|---|---|\n| Malawi | 1 200 |\n\n- first point\n- second point\n\n1. step one\n2. step two\n\nSee [IOM](https://www.iom.int) and <https://sadc.int>.";

const TAGS: &[&str] = &[
    "a",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "br",
    "hr",
    "img",
    "sup",
    "div",
    "span",
    "section",
    "input",
    "details",
    "summary",
    "abbr",
    "b",
    "i",
    "u",
    "s",
    "small",
    "sub",
    "dl",
    "dt",
    "dd",
    "q",
    "cite",
    "kbd",
    "mark",
    "caption",
    "col",
    "colgroup",
    "tfoot",
    "figure",
    "figcaption",
    "ins",
    "var",
    "samp",
    "time",
    "wbr",
    "bdi",
    "bdo",
    "center",
    "data",
    "dfn",
    "font",
    "hgroup",
    "map",
    "area",
    "rp",
    "rt",
    "ruby",
    "strike",
    "tt",
    "acronym",
    "article",
    "aside",
    "big",
    "footer",
    "header",
    "nav",
    "meter",
    "picture",
    "source",
];
const ATTRS: &[&str] = &[
    "href", "src", "alt", "title", "align", "rel", "colspan", "rowspan", "start", "type", "checked", "disabled", "lang", "dir", "cite",
    "datetime", "width", "height", "hreflang", "char", "charoff", "span", "value", "reversed", "abbr", "axis", "headers", "scope",
    "valign", "color", "face", "size", "coords", "shape", "name", "open", "srcset", "sizes", "media", "low", "high", "max", "min",
    "optimum",
];

/// Every tag and attribute of sanitised HTML is on an allow-list, and no URL has a script scheme.
pub fn assert_safe(html: &str, context: &str) {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        // Find the end of the tag, skipping quoted attribute values.
        let (mut end, mut quote) = (None, None);
        for (j, c) in after.char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = Some(j);
                    break;
                }
                _ => {}
            }
        }
        let end = end.unwrap_or_else(|| panic!("{context}: unterminated tag in {html}"));
        let tag = &after[..end];
        rest = &after[end + 1..];
        let tag = tag.trim_start_matches('/').trim_end_matches('/');
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase();
        assert!(TAGS.contains(&name.as_str()), "{context}: tag <{name}> in {html}");
        let mut attrs = &tag[name.len()..];
        while !attrs.trim().is_empty() {
            attrs = attrs.trim_start();
            let an: String = attrs.chars().take_while(|c| !c.is_whitespace() && *c != '=').collect();
            attrs = &attrs[an.len()..];
            let mut value = String::new();
            if let Some(v) = attrs.strip_prefix('=') {
                let q = v.chars().next().unwrap_or(' ');
                if q == '"' || q == '\'' {
                    let close = v[1..].find(q).unwrap() + 1;
                    value = v[1..close].to_string();
                    attrs = &v[close + 1..];
                } else {
                    let n = v.find(char::is_whitespace).unwrap_or(v.len());
                    value = v[..n].to_string();
                    attrs = &v[n..];
                }
            }
            let an = an.to_lowercase();
            assert!(ATTRS.contains(&an.as_str()), "{context}: attribute {an} in {html}");
            if an == "href" || an == "src" {
                let v = value.replace("&amp;", "&").to_lowercase();
                let scheme_ok = ["http://", "https://", "mailto:", "#", "/"].iter().any(|s| v.starts_with(s)) || !v.contains(':');
                assert!(scheme_ok, "{context}: {an}={value} in {html}");
            }
        }
    }
    let lower = html.to_lowercase();
    // Text is escaped, so a literal `<` always starts a real element.
    for bad in ["<script", "<iframe", "<object", "<embed", "<svg", "<style", "<base", "<form", "<meta", "<link"] {
        assert!(!lower.contains(bad), "{context}: {bad} in {html}");
    }
}

fn assert_legit(html: &str, context: &str) {
    for needle in [
        "<h2>Regional overview</h2>",
        "<table>",
        "<td>Malawi</td>",
        "<li>first point</li>",
        "<ol>",
        "href=\"https://www.iom.int\"",
        "href=\"https://sadc.int\"",
    ] {
        assert!(html.contains(needle), "{context}: {needle} lost in {html}");
    }
}

#[test]
fn the_corpus_has_at_least_fifty_payloads() {
    assert!(payloads().len() >= 50, "{}", payloads().len());
}

#[test]
fn the_renderer_neutralises_every_payload_and_keeps_markdown() {
    for p in payloads() {
        assert_safe(&app::ssr::markdown::render(p), p);
        let mixed = app::ssr::markdown::render(&format!("{LEGIT}\n\n{p}\n\n{LEGIT}"));
        assert_safe(&mixed, p);
        assert_legit(&mixed, p);
    }
}

#[test]
fn file_names_are_plain_text_for_every_payload() {
    for p in payloads() {
        let name = sanitize_name(&format!("{p}.pdf"), FileKind::Pdf);
        assert!(!name.contains(['<', '>', '"', '\'', '/', '\\', '`']), "{p} -> {name}");
        assert!(name.ends_with(".pdf") && name.len() <= 110, "{p} -> {name}");
    }
}

/// Every Markdown field of the application, saved through its service, stores safe HTML.
#[tokio::test]
async fn every_markdown_field_stores_safe_html() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let body = format!("{LEGIT}\n\n{}\n\n{LEGIT}", payloads().join("\n\n"));
    let mut mf = meeting_form();
    mf.description = body.clone();
    let mid = app::features::meetings::service::create(&db, &sec, &mf).await.unwrap();
    let m = meeting::Entity::find_by_id(mid).one(&db).await.unwrap().unwrap();
    assert_safe(&m.description_html, "meeting description");
    assert_legit(&m.description_html, "meeting description");
    let s = agenda::save_session(
        &db,
        &sec,
        &SessionForm { meeting_id: mid.to_string(), day: "2026-12-08".into(), title: "S".into(), ..Default::default() },
    )
    .await
    .unwrap();
    let item = ItemForm {
        meeting_id: mid.to_string(),
        session_id: s.to_string(),
        start: "09:00".into(),
        end: "10:00".into(),
        title: "Item".into(),
        description: body.clone(),
        ..Default::default()
    };
    let iid = agenda::save_item(&db, &sec, &item).await.unwrap();
    let i = agenda_item::Entity::find_by_id(iid).one(&db).await.unwrap().unwrap();
    assert_safe(&i.description_html, "agenda item");
    assert_legit(&i.description_html, "agenda item");
    let pid = papers::save(
        &db,
        &sec,
        &PaperForm {
            meeting_id: mid.to_string(),
            lang: "en".into(),
            access: "public".into(),
            title: payloads()[0].into(),
            body: body.clone(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let p = paper::Entity::find_by_id(pid).one(&db).await.unwrap().unwrap();
    assert_safe(&p.body_html, "paper");
    assert_legit(&p.body_html, "paper");
    minutes::create(&db, &sec, mid).await.unwrap();
    let sf = SectionForm {
        meeting_id: mid.to_string(),
        title: "Section".into(),
        body: format!("[decision] {}\n\n{body}", payloads()[3]),
        ..Default::default()
    };
    minutes::save_section(&db, &sec, &sf).await.unwrap();
    let sec_row = minutes_section::Entity::find().all(&db).await.unwrap().pop().unwrap();
    assert_safe(&sec_row.body_html, "minutes section");
    assert_legit(&sec_row.body_html, "minutes section");
    let page = minutes::page(&db, Some(&sec), mid, app::domain::Lang::En, chrono::Utc::now()).await.unwrap();
    let shown = page.minutes.unwrap().sections.pop().unwrap().body_html;
    assert!(shown.contains("class=\"passage decision\""), "{shown}");
    minutes::step(
        &db,
        &sec,
        &MinutesStepForm {
            meeting_id: mid.to_string(),
            version: "2".into(),
            step: "circulate".into(),
            closes_on: "2099-01-01".into(),
            ..Default::default()
        },
        chrono::Utc::now(),
        URL,
    )
    .await
    .unwrap();
    minutes::comment(&db, &sec, &CommentForm { section_id: sec_row.id.to_string(), body: body.clone() }, chrono::Utc::now()).await.unwrap();
    let c = minutes_comment::Entity::find().one(&db).await.unwrap().unwrap();
    assert_safe(&c.body_html, "comment");
    assert_legit(&c.body_html, "comment");
    minutes::step(
        &db,
        &sec,
        &MinutesStepForm { meeting_id: mid.to_string(), version: "3".into(), step: "adopt".into(), ..Default::default() },
        chrono::Utc::now(),
        URL,
    )
    .await
    .unwrap();
    minutes::corrigendum(&db, &sec, &CorrigendumForm { meeting_id: mid.to_string(), body: body.clone() }).await.unwrap();
    let k = minutes_corrigendum::Entity::find().one(&db).await.unwrap().unwrap();
    assert_safe(&k.body_html, "corrigendum");
    assert_legit(&k.body_html, "corrigendum");
    for r in app::ssr::entities::recommendation::Entity::find().all(&db).await.unwrap() {
        assert_safe(&r.text_html, "recommendation draft");
    }
}
