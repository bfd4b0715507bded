//! The response cache of public pages (`server::cache`): a kept page is served again with one
//! statement (the epoch), compressed once, with an `ETag` answered by 304; a write is visible on
//! the next request, through the instance that made it and through another one on the same
//! database; a signed-in reader is never served a kept page and never fills the cache.

use crate::helpers::*;
use app::domain::Role;
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, ETAG, IF_NONE_MATCH};
use reqwest::StatusCode;

/// A plain anonymous browser: no cookies, asks for HTML.
fn browser() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn page(base: &str, path: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let res = browser().get(format!("{base}{path}")).header("Accept", "text/html").send().await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, res.text().await.unwrap())
}

/// Renames a meeting (at `version`) through the secretariat's session.
async fn rename(sec: &Session, id: i32, version: &str, title: &str) {
    let id_s = id.to_string();
    let mut edit = meeting_fields(title);
    edit.retain(|(k, _)| *k != "id");
    edit.push(("id", &id_s));
    edit.push(("version", version));
    assert_eq!(sec.post("/api/meetings/save", &edit).await.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_page_is_kept_until_the_next_write_and_answers_conditional_requests() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let id = create_meeting(&sec, "Ministerial conference on labour migration").await;
    let path = format!("/meetings/{id}");
    // A draft is not public: 404, and not kept (announcing it shows it at once).
    assert_eq!(page(&app.base, &path).await.0, StatusCode::NOT_FOUND);
    announce(&sec, id, "1").await;
    let (status, first, body) = page(&app.base, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Ministerial conference on labour migration"));
    let tag = first[ETAG].to_str().unwrap().to_string();
    assert_eq!(first["cache-control"], "no-cache");
    // Served again from the cache: one statement (the epoch), the same bytes and tag.
    let before = app.queries();
    let (_, again, body_again) = page(&app.base, &path).await;
    assert_eq!(app.queries() - before, 1, "a kept page costs one statement");
    assert_eq!(again[ETAG].to_str().unwrap(), tag);
    assert_eq!(body_again, body);
    // Its inline scripts run by their hashes (a kept page cannot repeat a nonce).
    let csp = again[CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
    assert!(!csp.contains("nonce"), "{csp}");
    let hashes = server::cache::inline_script_hashes(&body).unwrap();
    assert!(!hashes.is_empty(), "the page has its loader script");
    for h in &hashes {
        assert!(csp.contains(h.as_str()), "{h} in {csp}");
    }
    assert!(again["x-frame-options"] == "DENY" && again["x-content-type-options"] == "nosniff");
    // Conditional: 304 without a body while unchanged.
    let res = browser().get(format!("{}{path}", app.base)).header(IF_NONE_MATCH, &tag).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(res.headers()[ETAG].to_str().unwrap(), tag);
    assert!(res.bytes().await.unwrap().is_empty());
    // Compressed once, sent as brotli or gzip as the browser asks, and the same page.
    for (asked, coding) in [("br, gzip", "br"), ("gzip", "gzip")] {
        let res = browser().get(format!("{}{path}", app.base)).header(ACCEPT_ENCODING, asked).send().await.unwrap();
        assert_eq!(res.headers()[CONTENT_ENCODING], coding);
        let raw = res.bytes().await.unwrap();
        let plain = match coding {
            "br" => {
                let mut out = Vec::new();
                brotli::BrotliDecompress(&mut &raw[..], &mut out).unwrap();
                out
            }
            _ => {
                use std::io::Read;
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(&raw[..]).read_to_end(&mut out).unwrap();
                out
            }
        };
        assert_eq!(String::from_utf8(plain).unwrap(), body);
    }
    // A write elsewhere empties the cache: the page is made again, the same bytes with the same
    // tag (the per-response nonce is not in a kept page), so browsers still get their 304.
    create_meeting(&sec, "Another meeting").await;
    let before = app.queries();
    let (_, remade, body_remade) = page(&app.base, &path).await;
    assert!(app.queries() - before > 1, "made again");
    assert_eq!(remade[ETAG].to_str().unwrap(), tag);
    assert_eq!(body_remade, body);
    assert!(!body.contains("nonce="), "no nonce in a kept page");
    // A write: the next request shows it, with a new tag, and the old tag is no longer current.
    rename(&sec, id, "2", "Ministerial conference on labour mobility").await;
    let (_, changed, body) = page(&app.base, &path).await;
    assert!(body.contains("Ministerial conference on labour mobility"), "the rename is seen on the next request");
    assert_ne!(changed[ETAG].to_str().unwrap(), tag);
    let res = browser().get(format!("{}{path}", app.base)).header(IF_NONE_MATCH, &tag).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // The calendar file is kept too, and follows the same write.
    let (status, ics_headers, ics) = page(&app.base, &format!("/meetings/{id}/calendar.ics")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ics_headers.contains_key(ETAG) && ics.contains("labour mobility"));
    rename(&sec, id, "3", "Ministerial conference on migration governance").await;
    assert!(page(&app.base, &format!("/meetings/{id}/calendar.ics")).await.2.contains("migration governance"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_through_one_instance_is_seen_through_the_other_at_once() {
    let url = app::ssr::testing::fresh_database_url().await;
    let one = spawn_app_with(url.clone(), None).await;
    let two = spawn_app_with(url, None).await;
    let sec = one.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let id = create_meeting(&sec, "Senior officials meeting").await;
    announce(&sec, id, "1").await;
    let mid = id.to_string();
    let agenda = format!("/meetings/{id}/agenda");
    // Both instances keep the agenda as it is.
    for app in [&one, &two] {
        let (status, headers, body) = page(&app.base, &agenda).await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers.contains_key(ETAG) && !body.contains("Closing remarks"));
        let before = app.queries();
        assert!(!page(&app.base, &agenda).await.2.contains("Closing remarks"));
        assert_eq!(app.queries() - before, 1, "served from the cache of {}", app.base);
    }
    // The secretariat publishes a revision through instance one...
    let s: i32 = sec
        .post("/api/agenda/sessions/save", &[("meeting_id", &mid), ("day", "2027-03-10"), ("title", "Day one")])
        .await
        .json()
        .await
        .unwrap();
    let res = sec
        .post(
            "/api/agenda/items/save",
            &[("meeting_id", &mid), ("session_id", &s.to_string()), ("start", "16:00"), ("end", "16:30"), ("title", "Closing remarks")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(sec.post("/api/agenda/publish", &[("meeting_id", &mid), ("note", "First")]).await.status(), StatusCode::OK);
    // ...and instance two shows it on the very next request.
    assert!(page(&two.base, &agenda).await.2.contains("Closing remarks"), "instance two sees the publish at once");
    assert!(page(&one.base, &agenda).await.2.contains("Closing remarks"));
    assert!(page(&two.base, &format!("/meetings/{id}/calendar.ics")).await.2.contains("Closing remarks"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_kept_for_the_public_never_reaches_a_signed_in_reader_and_the_reverse() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let id = create_meeting(&sec, "Conference of ministers").await;
    announce(&sec, id, "1").await;
    let focal = app.signed_in("focal@gov.example", Role::FocalPoint, Some("MZ")).await;
    for path in [format!("/meetings/{id}"), format!("/meetings/{id}/agenda"), format!("/meetings/{id}/register"), "/meetings".to_string()] {
        // Signed-in readers first: their pages are never kept (no tag) and say who they are.
        let signed_in = |s: &Session| {
            let c = s.client.clone();
            let url = format!("{}{path}", app.base);
            async move {
                let res = c.get(url).header("Accept", "text/html").send().await.unwrap();
                let headers = res.headers().clone();
                (headers, res.text().await.unwrap())
            }
        };
        let (h, body) = signed_in(&sec).await;
        assert!(!h.contains_key(ETAG) && h["cache-control"] == "no-store", "{path}");
        assert!(body.contains("sec@iom.example") || body.contains("Test User"), "{path}: the secretariat's own page");
        let (_, public) = (page(&app.base, &path).await.1, page(&app.base, &path).await.2);
        assert!(!public.contains("Test User") && !public.contains("sec@iom.example"), "{path}: nothing of the secretariat's page");
        assert!(public.contains("/login"), "{path}: the public page offers to sign in");
        // Kept now for the public; the signed-in readers still get their own.
        let (h, body) = signed_in(&focal).await;
        assert!(!h.contains_key(ETAG), "{path}");
        assert!(body.contains("Test User") && body != public, "{path}: the focal point's own page");
        let (_, body) = signed_in(&sec).await;
        assert!(body.contains("Test User"), "{path}");
    }
    // A session cookie that is no longer valid is not served the kept page either (it is made
    // anew, as for any visitor with such a cookie).
    let res = browser().get(format!("{}/meetings/{id}", app.base)).header("Cookie", "midsa_session=stale").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!res.headers().contains_key(ETAG));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_language_time_zone_and_light_choice_is_kept_apart() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let fields = [meeting_fields("Senior officials meeting"), vec![("lang_fr", "on"), ("lang_pt", "on")]].concat();
    let id: i32 = sec.post("/api/meetings/save", &fields).await.json().await.unwrap();
    announce(&sec, id, "1").await;
    let get = |cookie: &'static str, lang: &'static str, save_data: bool| {
        let url = format!("{}/meetings/{id}", app.base);
        async move {
            let mut req = browser().get(url).header("Cookie", cookie).header("Accept-Language", lang);
            if save_data {
                req = req.header("Save-Data", "on");
            }
            req.send().await.unwrap().text().await.unwrap()
        }
    };
    for _ in 0..2 {
        let en = get("x=1", "en", false).await;
        let fr = get("x=1", "fr", false).await;
        let pt = get("midsa_lang=pt", "fr", false).await;
        let light = get("x=1", "en", true).await;
        let interactive = get("midsa_lite=0", "en", true).await;
        assert!(en.contains("<html lang=\"en\"") && fr.contains("<html lang=\"fr\"") && pt.contains("<html lang=\"pt\""));
        assert!(!light.contains("type=\"module\""), "a light page has no loader");
        assert!(en.contains("type=\"module\"") && interactive.contains("type=\"module\""));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_arriving_together_after_a_write_make_the_page_once() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let id = create_meeting(&sec, "Senior officials meeting").await;
    announce(&sec, id, "1").await;
    let path = format!("/meetings/{id}/agenda");
    // What one reader costs: the epoch, and the page's own statements.
    let before = app.queries();
    assert_eq!(page(&app.base, &path).await.0, StatusCode::OK);
    let one = app.queries() - before;
    assert!(one > 1);
    // A write, then twelve readers at once: the page is made once, each reader reads the epoch.
    rename(&sec, id, "2", "Senior officials meeting on migration").await;
    let before = app.queries();
    let readers: Vec<_> = (0..12)
        .map(|_| {
            let (base, path) = (app.base.clone(), path.clone());
            tokio::spawn(async move { page(&base, &path).await })
        })
        .collect();
    for r in readers {
        let (status, _, body) = r.await.unwrap();
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Senior officials meeting on migration"));
    }
    assert_eq!(app.queries() - before, 12 + (one - 1), "twelve epoch reads and one page");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_cache_off_every_page_is_made_on_every_request() {
    let url = app::ssr::testing::fresh_database_url().await;
    let app = spawn_app_configured(url, None, |s| s.page_cache = false).await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let id = create_meeting(&sec, "Senior officials meeting").await;
    announce(&sec, id, "1").await;
    for _ in 0..2 {
        let before = app.queries();
        let (status, headers, _) = page(&app.base, &format!("/meetings/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!headers.contains_key(ETAG));
        assert!(app.queries() - before > 1, "made anew");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_with_a_parameter_no_page_reads_is_answered_but_never_kept() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let id = create_meeting(&sec, "Senior officials meeting").await;
    announce(&sec, id, "1").await;
    let (_, kept, plain) = page(&app.base, &format!("/meetings/{id}")).await;
    assert!(kept.contains_key(ETAG));
    // The same page under made-up addresses: answered in full, made anew each time, not kept.
    for n in 0..3 {
        let before = app.queries();
        let (status, headers, body) = page(&app.base, &format!("/meetings/{id}?utm_source=mail{n}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Senior officials meeting"));
        assert!(!headers.contains_key(ETAG), "not kept");
        assert!(app.queries() - before > 1, "made anew");
    }
    // The page kept before is still served from the cache (nothing pushed it out).
    let before = app.queries();
    let (_, again, body) = page(&app.base, &format!("/meetings/{id}")).await;
    assert_eq!(app.queries() - before, 1);
    assert_eq!((again[ETAG].to_str().unwrap(), body), (kept[ETAG].to_str().unwrap(), plain));
}

/// The longest run of bytes that `a` and `b` have in common, up to `at_least` (whether they
/// share one that long).
fn share_a_run(a: &[u8], b: &[u8], at_least: usize) -> bool {
    let runs: std::collections::HashSet<&[u8]> = a.windows(at_least).collect();
    b.windows(at_least).any(|w| runs.contains(w))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_made_for_one_reader_reuses_its_agenda_compressed_once() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let actor = server::benchdata::account(&app.db).await.unwrap();
    let start = chrono::Utc::now().date_naive() + chrono::Duration::days(30);
    let id = server::benchdata::conference(&app.db, &actor, start, 30, 0, &app.base).await.unwrap();
    let path = format!("/meetings/{id}/agenda");
    let get = |coding: &'static str| {
        let (client, url) = (sec.client.clone(), format!("{}{path}", app.base));
        async move {
            let res = client.get(url).header(ACCEPT_ENCODING, coding).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            assert!(!res.headers().contains_key(ETAG), "a signed-in page is made for its reader");
            let encoding = res.headers().get(CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_string());
            (encoding, res.bytes().await.unwrap().to_vec())
        }
    };
    let unbrotli = |raw: &[u8]| {
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &raw[..], &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    // Each response's nonce is its own; otherwise the pages are the same.
    let without_nonce = |page: &str| {
        let mut out = String::new();
        let mut rest = page;
        while let Some(i) = rest.find("nonce=\"") {
            out.push_str(&rest[..i]);
            rest = &rest[i + 7..];
            rest = &rest[rest.find('"').unwrap() + 1..];
        }
        out + rest
    };
    let (none, plain) = get("identity").await;
    assert_eq!(none, None);
    let plain = String::from_utf8(plain).unwrap();
    assert!(plain.contains(&format!("<!--kept:agenda:{id}:1:en:-->")), "the agenda is marked as a kept part");
    let (a_coding, a) = get("br").await;
    let (_, b) = get("br").await;
    assert_eq!(a_coding.as_deref(), Some("br"));
    let (pa, pb) = (unbrotli(&a), unbrotli(&b));
    assert_eq!(without_nonce(&pa), without_nonce(&plain));
    assert_eq!(without_nonce(&pb), without_nonce(&plain));
    assert_ne!(pa, pb, "two responses, two nonces");
    // The agenda's compressed bytes are the same in both: compressed once.
    assert!(share_a_run(&a, &b, 512), "the kept part is reused");
    // A new revision: the next page has it (a part of its own; the old one is never served for it).
    use app::features::agenda::{
        service as agenda,
        types::{ItemForm, PublishForm},
    };
    let working = agenda::load_working(&app.db, id).await.unwrap();
    let (session, item) = (&working.days[0].sessions[0], &working.days[0].sessions[0].items[0]);
    let form = ItemForm {
        meeting_id: id.to_string(),
        id: item.id.to_string(),
        version: item.version.to_string(),
        session_id: session.id.to_string(),
        kind: "item".into(),
        start: item.start.to_string(),
        end: item.end.to_string(),
        title: "Renamed for the second revision".into(),
        ..Default::default()
    };
    agenda::save_item(&app.db, &actor, &form).await.unwrap();
    agenda::publish(&app.db, &actor, &PublishForm { meeting_id: id.to_string(), note: "v2".into() }).await.unwrap();
    let (_, c) = get("br").await;
    let pc = unbrotli(&c);
    assert!(pc.contains("Renamed for the second revision") && pc.contains(&format!("<!--kept:agenda:{id}:2:en:-->")));
    assert!(pc.contains("</html>"), "the whole page");
}
