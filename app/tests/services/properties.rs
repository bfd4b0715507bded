//! Property tests (proptest) of what users type and upload: the Markdown renderer and every
//! form parser get arbitrary and hostile input. None may panic; the renderer's output always
//! passes the XSS allow-list check; parsers that accept a value give it back unchanged when fed
//! their own output. The plan importer and the file sniffer get arbitrary bytes.
//!
//! `cargo test --test services properties` runs 256 cases per property (CI);
//! `PROPTEST_CASES=20000 cargo test --release --test services properties` for a longer run.

use crate::xss::assert_safe;
use app::domain::plan::{parse_bodies, parse_code, parse_evidence, parse_frameworks, parse_indicators, parse_percent, States};
use app::domain::{parse_date, parse_id, parse_phone, parse_places, ClockTime, CountryCode, Email, Markdown, PersonList};
use proptest::prelude::*;

/// Pieces of hostile and ordinary markup, glued together in random order.
const FRAGMENTS: &[&str] = &[
    "<script>alert(1)</script>",
    "<script",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[link](javascript:alert(1))",
    "[link](JaVaScRiPt:alert(1))",
    "[link](java\tscript:alert(1))",
    "[link](data:text/html;base64,PHNjcmlwdD4=)",
    "![img](vbscript:msgbox)",
    "<iframe src=//evil>",
    "<style>*{}</style>",
    "<form action=//evil><input>",
    "<math><mi xlink:href=javascript:alert(1)>",
    "<div style=\"background:url(javascript:x)\">",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "&#106;avascript:",
    "&lt;script&gt;",
    "\"",
    "'",
    "`",
    "```",
    "<",
    ">",
    "=",
    " onmouseover=",
    "\n",
    "\n\n",
    "| a | b |\n|---|---|\n| c | d |",
    "- item",
    "1. item",
    "# Heading",
    "**bold**",
    "*em*",
    "> quote",
    "    code",
    "<https://iom.int>",
    "[ok](https://sadc.int)",
    "[decision] ",
    "\u{202e}",
    "\u{0}",
    "é",
    "\u{feff}",
    "x",
    " ",
];

fn hostile_markdown() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40).prop_map(|v| v.concat()),
        any::<String>(),
        "[ -~\\n<>\"'=/]{0,300}",
    ]
}

fn render(md: &str) -> String {
    app::ssr::markdown::render(md)
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn rendered_markdown_is_always_safe(md in hostile_markdown()) {
        let html = render(&md);
        assert_safe(&html, &md);
        // Rendering the rendered text again is just as safe (stored HTML shown in an editor).
        assert_safe(&render(&html), &html);
        let _ = app::ssr::markdown::plain_text(&md);
        let _ = app::ssr::markdown::top_level_paragraphs(&md);
    }

    #[test]
    fn the_markdown_field_accepts_or_refuses_without_panicking(md in hostile_markdown()) {
        if let Ok(m) = Markdown::parse("body", &md) {
            prop_assert_eq!(Markdown::parse("body", m.as_str()).map(|x| x.as_str().to_string()).ok(), Some(m.as_str().to_string()));
        }
    }

    #[test]
    fn text_parsers_never_panic(s in any::<String>()) {
        let _ = Email::parse("email", &s);
        let _ = CountryCode::parse("country", &s);
        let _ = ClockTime::parse("start", &s);
        let _ = parse_date("day", &s);
        let _ = parse_id(&s);
        let _ = parse_phone("phone", &s);
        let _ = parse_places("capacity", &s);
        let _ = PersonList::parse("speakers", &s);
        let _ = parse_code("code", &s);
        let _ = States::parse("states", &s);
        let _ = parse_bodies("bodies", &s);
        let _ = parse_frameworks("frameworks", &s);
        let _ = parse_indicators("indicators", &s);
        let _ = parse_percent("percent", &s);
        let _ = parse_evidence("evidence", &s);
        let _ = app::features::papers::files::sanitize_name(&s, app::features::papers::files::FileKind::Pdf);
    }

    #[test]
    fn clock_times_round_trip(h in 0u32..24, m in 0u32..60) {
        let t = ClockTime::parse("start", &format!("{h:02}:{m:02}")).expect("a valid time");
        prop_assert_eq!(ClockTime::parse("start", &t.to_string()).expect("its own output"), t);
    }

    #[test]
    fn emails_round_trip(local in "[a-z0-9._%+-]{1,20}", domain in "[a-z0-9-]{1,20}\\.[a-z]{2,6}") {
        if let Ok(e) = Email::parse("email", &format!("{local}@{domain}")) {
            prop_assert_eq!(Email::parse("email", &e.to_string()).expect("its own output"), e);
        }
    }

    #[test]
    fn speaker_lists_round_trip(lines in prop::collection::vec("[A-Za-zÀ-ÿ .'-]{1,30}(; [A-Za-z ]{0,20}(; [A-Za-z ]{0,20})?)?", 0..8)) {
        if let Ok(list) = PersonList::parse("speakers", &lines.join("\n")) {
            prop_assert_eq!(PersonList::parse("speakers", &list.to_lines()).expect("its own output"), list);
        }
    }

    #[test]
    fn responsible_states_round_trip(codes in prop::collection::vec(prop::sample::select(vec!["AO", "BW", "KM", "CD", "SZ", "LS", "MG", "MW", "MU", "MZ", "NA", "SC", "ZA", "TZ", "ZM", "ZW", "XX", "tz", " "]), 0..20)) {
        if let Ok(s) = States::parse("states", &codes.join(",")) {
            prop_assert_eq!(States::parse("states", &s.to_db()).expect("its own output"), s);
        }
    }

    #[test]
    fn the_plan_importer_reports_instead_of_panicking(bytes in prop::collection::vec(any::<u8>(), 0..2000), csv in "[a-z_,;\"\\n\u{feff} 0-9R.]{0,400}") {
        let _ = app::features::plan::table::read("plan.csv", &bytes);
        let _ = app::features::plan::table::read("plan.xlsx", &bytes);
        let _ = app::features::plan::table::read("plan.csv", csv.as_bytes());
        let _ = app::ssr::table::parse_csv(&csv);
    }

    #[test]
    fn uploaded_bytes_are_sniffed_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..4000), prefix in prop::sample::select(vec![&b"%PDF-"[..], b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\xff\xd8\xff", b"RIFF"])) {
        let _ = app::features::papers::files::sniff(&bytes);
        let mut with = prefix.to_vec();
        with.extend_from_slice(&bytes);
        let _ = app::features::papers::files::sniff(&with);
    }
}
