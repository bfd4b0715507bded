//! Technical working groups and migration profiles: who may do what at each step, immutability
//! once published, the next edition as a copy, the regional table (missing stays missing, a
//! state's non-public profiles stay out of others' view), the language fallback, bad input,
//! and the update reminders.

use crate::support::*;
use app::domain::{Chapter, ErrorCode, Lang, ProfileStatus, Role};
use app::features::profiles::service as profiles;
use app::features::profiles::types::*;
use app::ssr::entities::{audit_log, outbox};
use app::ssr::ServiceError;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

fn now() -> chrono::DateTime<chrono::Utc> {
    "2026-11-20T12:00:00Z".parse().unwrap()
}

async fn indicator(db: &DatabaseConnection, sec: &app::domain::CurrentUser, code: &str) -> i32 {
    let form = IndicatorForm {
        code: code.into(),
        name_en: format!("Indicator {code}"),
        name_fr: format!("Indicateur {code}"),
        unit: "persons".into(),
        chapter: "immigration".into(),
        ..Default::default()
    };
    profiles::save_indicator(db, sec, &form).await.unwrap()
}

async fn edition_id(db: &DatabaseConnection, country: &str, year: i32) -> (i32, i32) {
    use app::ssr::entities::profile_edition as e;
    let row = e::Entity::find().filter(e::Column::CountryCode.eq(country)).filter(e::Column::Year.eq(year)).one(db).await.unwrap().unwrap();
    (row.id, row.version)
}

async fn step(
    db: &DatabaseConnection,
    actor: &app::domain::CurrentUser,
    country: &str,
    year: i32,
    to: &str,
) -> Result<ProfileStatus, ServiceError> {
    let (id, version) = edition_id(db, country, year).await;
    let form = ProfileStepForm { edition_id: id.to_string(), version: version.to_string(), to: to.into() };
    profiles::step(db, actor, &form, now()).await.map(|(_, _, s)| s)
}

fn values(edition: i32, version: i32, rows: &[(i32, &str, &str)]) -> ValuesForm {
    ValuesForm {
        edition_id: edition.to_string(),
        version: version.to_string(),
        indicator: rows.iter().map(|r| r.0.to_string()).collect(),
        value: rows.iter().map(|r| r.1.to_string()).collect(),
        year: rows.iter().map(|r| r.2.to_string()).collect(),
        source: rows.iter().map(|_| "National statistics office".to_string()).collect(),
        note: rows.iter().map(|_| String::new()).collect(),
    }
}

/// Publishes `country`'s edition of `year` with `rows` as its values (by its focal point).
async fn publish(db: &DatabaseConnection, fp: &app::domain::CurrentUser, country: &str, year: i32, rows: &[(i32, &str, &str)]) {
    profiles::new_edition(db, fp, &NewEditionForm { country: country.into(), year: year.to_string() }, now()).await.unwrap();
    let (id, version) = edition_id(db, country, year).await;
    profiles::save_values(db, fp, &values(id, version, rows)).await.unwrap();
    for to in ["review", "validated", "published"] {
        step(db, fp, country, year, to).await.unwrap();
    }
}

#[tokio::test]
async fn an_edition_goes_from_draft_to_published_by_the_right_people_and_is_then_immutable() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let fp = user(&db, "fp@gov.tz.example", Role::FocalPoint, Some("TZ")).await;
    let fp_mz = user(&db, "fp@gov.mz.example", Role::FocalPoint, Some("MZ")).await;
    let member = user(&db, "member@gov.tz.example", Role::Delegate, None).await;
    let outsider = user(&db, "outsider@gov.zm.example", Role::Delegate, None).await;
    let ind = indicator(&db, &sec, "stock.immigrants").await;

    // The focal point builds the group; another state's focal point may not.
    let add = |email: &str, chair: bool| MemberForm {
        country: "TZ".into(),
        name: "Neema Kimaro".into(),
        function: "Director".into(),
        ministry: "Home Affairs".into(),
        email: email.into(),
        chair: if chair { "on".into() } else { String::new() },
    };
    assert!(matches!(profiles::add_member(&db, &fp_mz, &add("", false)).await, Err(ServiceError::Forbidden)));
    assert!(matches!(profiles::add_member(&db, &member, &add("", false)).await, Err(ServiceError::Forbidden)));
    assert_eq!(
        codes(profiles::add_member(&db, &fp, &add("nobody@nowhere.example", false)).await.unwrap_err()),
        [("email".to_string(), ErrorCode::UnknownAccount)]
    );
    profiles::add_member(&db, &fp, &add("member@gov.tz.example", true)).await.unwrap();
    profiles::add_member(&db, &fp, &MemberForm { name: "Juma Said".into(), chair: "on".into(), ..add("", true) }).await.unwrap();
    let page = profiles::state_page(&db, Some(&member), "TZ", Lang::En, now()).await.unwrap();
    let group = page.twg.expect("a member sees the group");
    assert_eq!(group.members.iter().filter(|m| m.is_chair).count(), 1, "one chair at a time");
    assert_eq!(group.focal_points, ["Test User"], "the state's focal point, not the other state's");
    assert!(!page.can_manage);
    assert!(profiles::state_page(&db, None, "TZ", Lang::En, now()).await.unwrap().twg.is_none(), "the public does not see the group");

    // A draft: the group writes it; nobody else even sees it.
    profiles::new_edition(&db, &fp, &NewEditionForm { country: "TZ".into(), year: "2024".into() }, now()).await.unwrap();
    let (id, version) = edition_id(&db, "TZ", 2024).await;
    for viewer in [None, Some(&outsider), Some(&fp_mz)] {
        assert!(matches!(profiles::edition_page(&db, viewer, "TZ", 2024, Lang::En).await, Err(ServiceError::NotFound)));
    }
    let chapter = |lang: &str, version: &str, body: &str| ChapterForm {
        edition_id: id.to_string(),
        chapter: "context".into(),
        lang: lang.into(),
        version: version.into(),
        body: body.into(),
    };
    assert!(matches!(profiles::save_chapter(&db, &outsider, &chapter("en", "0", "x")).await, Err(ServiceError::NotFound)));
    profiles::save_chapter(&db, &member, &chapter("en", "0", "Tanzania is a country of *origin*, transit and destination.")).await.unwrap();
    // A stale version is a conflict, not an overwrite.
    assert!(matches!(profiles::save_chapter(&db, &fp, &chapter("en", "0", "Again")).await, Err(ServiceError::Conflict(_))));
    // The table carries the edition's version, which the chapter just moved on.
    assert!(matches!(profiles::save_values(&db, &member, &values(id, version, &[(ind, "1", "")])).await, Err(ServiceError::Conflict(_))));
    let (_, version) = edition_id(&db, "TZ", 2024).await;
    profiles::save_values(&db, &member, &values(id, version, &[(ind, "1 200 000", "2023")])).await.unwrap();
    let e = profiles::edition_page(&db, Some(&member), "TZ", 2024, Lang::En).await.unwrap();
    assert!(e.can_edit && !e.can_comment);
    assert_eq!(e.values[0].value.as_deref(), Some("1200000"));
    assert!(e.chapters[0].html.contains("<em>origin</em>"));
    assert!(e.steps.is_empty(), "a member does not move the edition");

    // Review: the group comments; validation is the focal point's alone.
    assert!(matches!(step(&db, &member, "TZ", 2024, "review").await, Err(ServiceError::Forbidden)));
    assert_eq!(step(&db, &fp, "TZ", 2024, "review").await.unwrap(), ProfileStatus::Review);
    let comment = ProfileCommentForm { edition_id: id.to_string(), chapter: "context".into(), body: "Add the 2022 census.".into() };
    profiles::comment(&db, &member, &comment).await.unwrap();
    assert!(matches!(profiles::comment(&db, &outsider, &comment).await, Err(ServiceError::NotFound)));
    // The focal point opens the edition; a member then changes a chapter: validating the
    // version the focal point read is a conflict (nobody validates a text they have not seen).
    let (_, seen) = edition_id(&db, "TZ", 2024).await;
    let tv = profiles::edition_page(&db, Some(&member), "TZ", 2024, Lang::En).await.unwrap().chapters[0].text_version;
    profiles::save_chapter(
        &db,
        &member,
        &chapter("en", &tv.to_string(), "Tanzania is a country of *origin*, transit and destination (2022 census)."),
    )
    .await
    .unwrap();
    let stale = ProfileStepForm { edition_id: id.to_string(), version: seen.to_string(), to: "validated".into() };
    assert!(matches!(profiles::step(&db, &fp, &stale, now()).await, Err(ServiceError::Conflict(_))));
    // An outsider learns nothing of the edition in preparation through the state's page.
    let page = profiles::state_page(&db, Some(&outsider), "TZ", Lang::En, now()).await.unwrap();
    assert!(page.editions.is_empty() && page.next_year == 0 && page.twg.is_none());
    assert!(matches!(step(&db, &sec, "TZ", 2024, "validated").await, Err(ServiceError::Forbidden)));
    assert_eq!(
        codes(step(&db, &fp, "TZ", 2024, "published").await.unwrap_err()),
        [("to".to_string(), ErrorCode::IllegalTransition { from: "review".into(), to: "published".into() })]
    );
    assert_eq!(step(&db, &fp, "TZ", 2024, "validated").await.unwrap(), ProfileStatus::Validated);
    assert_eq!(step(&db, &sec, "TZ", 2024, "published").await.unwrap(), ProfileStatus::Published);

    // Published: everyone reads it, the comments stay inside, nothing changes any more.
    let public = profiles::edition_page(&db, None, "TZ", 2024, Lang::En).await.unwrap();
    assert!(!public.can_edit && public.steps.is_empty());
    assert!(public.chapters[0].comments.is_empty(), "comments are the group's");
    assert_eq!(profiles::edition_page(&db, Some(&fp), "TZ", 2024, Lang::En).await.unwrap().chapters[0].comments.len(), 1);
    let t = profiles::edition_page(&db, Some(&fp), "TZ", 2024, Lang::En).await.unwrap().chapters[0].text_version;
    assert_eq!(
        codes(profiles::save_chapter(&db, &sec, &chapter("en", &t.to_string(), "Changed")).await.unwrap_err()),
        [("form".to_string(), ErrorCode::EditionLocked)]
    );
    let (_, version) = edition_id(&db, "TZ", 2024).await;
    assert_eq!(
        codes(profiles::save_values(&db, &fp, &values(id, version, &[(ind, "1", "")])).await.unwrap_err()),
        [("form".to_string(), ErrorCode::EditionLocked)]
    );
    assert_eq!(
        codes(step(&db, &sec, "TZ", 2024, "draft").await.unwrap_err()),
        [("to".to_string(), ErrorCode::IllegalTransition { from: "published".into(), to: "draft".into() })],
        "a published edition never goes back"
    );

    // The next edition is a copy; one in preparation at a time; years only move forward.
    let new = |year: &str| NewEditionForm { country: "TZ".into(), year: year.into() };
    assert_eq!(
        codes(profiles::new_edition(&db, &fp, &new("2024"), now()).await.unwrap_err()),
        [("year".to_string(), ErrorCode::OutOfRange { min: 2025, max: 2027 })]
    );
    assert_eq!(
        codes(profiles::new_edition(&db, &fp, &new("2100"), now()).await.unwrap_err()),
        [("year".to_string(), ErrorCode::OutOfRange { min: 1950, max: 2027 })],
        "never beyond next year"
    );
    profiles::new_edition(&db, &sec, &new("2026"), now()).await.unwrap();
    assert_eq!(
        codes(profiles::new_edition(&db, &fp, &new("2027"), now()).await.unwrap_err()),
        [("year".to_string(), ErrorCode::EditionInProgress)]
    );
    let next = profiles::edition_page(&db, Some(&fp), "TZ", 2026, Lang::En).await.unwrap();
    assert_eq!(next.copied_from_year, Some(2024));
    assert_eq!(next.status, ProfileStatus::Draft);
    assert_eq!(next.values[0].value.as_deref(), Some("1200000"));
    assert!(next.chapters[0].html.contains("<em>origin</em>"));
    assert!(next.chapters[0].comments.is_empty(), "comments stay with their edition");

    // Everything was audited.
    let audited = audit_log::Entity::find().filter(audit_log::Column::Action.starts_with("profile.")).count(&db).await.unwrap();
    assert_eq!(audited, 12, "every change audited: members, editions, chapter, values, comment, steps");
}

#[tokio::test]
async fn the_regional_table_shows_the_latest_published_values_and_missing_ones_as_missing() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let tz = user(&db, "fp@gov.tz.example", Role::FocalPoint, Some("TZ")).await;
    let mz = user(&db, "fp@gov.mz.example", Role::FocalPoint, Some("MZ")).await;
    let za = user(&db, "fp@gov.za.example", Role::FocalPoint, Some("ZA")).await;
    let a = indicator(&db, &sec, "stock.immigrants").await;
    let b = indicator(&db, &sec, "remittances.gdp").await;
    publish(&db, &tz, "TZ", 2022, &[(a, "100", "2021"), (b, "2,5", "2021")]).await;
    publish(&db, &tz, "TZ", 2024, &[(a, "150", "2023")]).await;
    publish(&db, &mz, "MZ", 2025, &[(a, "0", "2024")]).await;
    // A draft never reaches the table.
    profiles::new_edition(&db, &za, &NewEditionForm { country: "ZA".into(), year: "2026".into() }, now()).await.unwrap();
    let (zid, zv) = edition_id(&db, "ZA", 2026).await;
    profiles::save_values(&db, &za, &values(zid, zv, &[(a, "999", "")])).await.unwrap();

    let t = profiles::regional(&db, None, Some(a), Lang::En).await.unwrap();
    assert_eq!(t.rows.len(), 16);
    let row = |t: &RegionalTable, c: &str| t.rows.iter().find(|r| r.country.code() == c).unwrap().clone();
    assert_eq!((row(&t, "TZ").value, row(&t, "TZ").year, row(&t, "TZ").edition), (Some(150.0), Some(2023), Some(2024)));
    assert_eq!(row(&t, "MZ").value, Some(0.0), "a real zero is a value");
    assert_eq!(row(&t, "ZA").value, None, "a draft is missing, not 999");
    assert_eq!(row(&t, "AO").value, None, "missing stays missing");
    assert_eq!(t.years, Some((2023, 2024)));
    // The latest edition has no value for b: the older edition's, with its year.
    let t = profiles::regional(&db, None, Some(b), Lang::En).await.unwrap();
    assert_eq!((row(&t, "TZ").value, row(&t, "TZ").year), (Some(2.5), Some(2021)));
    assert!(matches!(profiles::regional(&db, None, Some(9999), Lang::En).await, Err(ServiceError::NotFound)));

    // Mozambique makes its profiles non-public: withheld from others, not from itself.
    let group = TwgForm { country: "MZ".into(), version: "0".into(), ministries: "Interior\nLabour".into(), public: String::new() };
    profiles::save_twg(&db, &mz, &group).await.unwrap();
    let t = profiles::regional(&db, Some(&tz), Some(a), Lang::En).await.unwrap();
    assert!(row(&t, "MZ").withheld && row(&t, "MZ").value.is_none());
    assert!(matches!(profiles::edition_page(&db, None, "MZ", 2025, Lang::En).await, Err(ServiceError::NotFound)));
    let t = profiles::regional(&db, Some(&mz), Some(a), Lang::En).await.unwrap();
    assert_eq!(row(&t, "MZ").value, Some(0.0));
    assert!(profiles::published(&db, None).await.unwrap().iter().all(|(c, _)| c.code() != "MZ"));

    // The export: 16 rows per indicator, missing values empty (never 0).
    let csv = String::from_utf8(profiles::regional_export(&db, None, Lang::En, false).await.unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 2 * 16);
    assert!(lines
        .iter()
        .any(|l| l.starts_with("\"stock.immigrants\",") && l.contains(r#""TZ","United Republic of Tanzania","150","2023","#)));
    assert!(lines.iter().any(|l| l.starts_with("\"stock.immigrants\",") && l.contains(r#""AO","Angola","","","","","missing""#)));
    assert!(!profiles::regional_export(&db, None, Lang::Fr, true).await.unwrap().is_empty());

    // The regional edition drafted for the secretariat: per chapter, a row per state.
    assert!(matches!(profiles::compile(&db, &tz, Lang::En, now()).await, Err(ServiceError::Forbidden)));
    let c = profiles::compile(&db, &sec, Lang::En, now()).await.unwrap();
    assert_eq!(c.title, "Regional migration profile 2026");
    assert!(c.markdown.contains("## Immigration"), "{}", c.markdown);
    assert!(c.markdown.contains("| United Republic of Tanzania | 150 (2023) |"), "{}", c.markdown);
    assert!(c.markdown.contains("| Angola | *missing* |"), "{}", c.markdown);
    assert!(c.markdown.contains("| Mozambique | *not public* |"), "compiled as the public reads it: {}", c.markdown);
}

#[tokio::test]
async fn chapters_fall_back_visibly_to_another_language() {
    let db = db().await;
    let fp = user(&db, "fp@gov.mz.example", Role::FocalPoint, Some("MZ")).await;
    profiles::new_edition(&db, &fp, &NewEditionForm { country: "MZ".into(), year: "2025".into() }, now()).await.unwrap();
    let (id, _) = edition_id(&db, "MZ", 2025).await;
    let form = ChapterForm {
        edition_id: id.to_string(),
        chapter: "diaspora".into(),
        lang: "pt".into(),
        version: "0".into(),
        body: "A diáspora **moçambicana**.".into(),
    };
    profiles::save_chapter(&db, &fp, &form).await.unwrap();
    let ch = |e: &EditionPage| e.chapters.iter().find(|c| c.chapter == Chapter::Diaspora).unwrap().clone();
    let pt = profiles::edition_page(&db, Some(&fp), "MZ", 2025, Lang::Pt).await.unwrap();
    assert_eq!(ch(&pt).shown_in, None);
    assert_eq!(ch(&pt).text_version, 1);
    let fr = profiles::edition_page(&db, Some(&fp), "MZ", 2025, Lang::Fr).await.unwrap();
    assert_eq!(ch(&fr).shown_in, Some(Lang::Pt), "shown in the original, and said so");
    assert!(ch(&fr).html.contains("<strong>moçambicana</strong>"));
    assert_eq!((ch(&fr).md.as_str(), ch(&fr).text_version), ("", 0), "the French editor starts empty");
}

#[tokio::test]
async fn bad_input_is_refused_per_field_and_nothing_is_saved() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let fp = user(&db, "fp@gov.tz.example", Role::FocalPoint, Some("TZ")).await;
    let ind = indicator(&db, &sec, "stock.immigrants").await;
    profiles::new_edition(&db, &fp, &NewEditionForm { country: "TZ".into(), year: "2024".into() }, now()).await.unwrap();
    let (id, version) = edition_id(&db, "TZ", 2024).await;
    let e = profiles::save_values(&db, &fp, &values(id, version, &[(ind, "lots", "1800")])).await.unwrap_err();
    assert_eq!(fields(e), [format!("value.{ind}"), format!("year.{ind}")]);
    let mut form = values(id, version, &[(ind, "12", "")]);
    form.source[0] = "Census\u{0}".into();
    assert_eq!(codes(profiles::save_values(&db, &fp, &form).await.unwrap_err()), [(format!("source.{ind}"), ErrorCode::ControlCharacters)]);
    form.source[0] = "ok".into();
    form.value.push("1".into());
    assert_eq!(
        codes(profiles::save_values(&db, &fp, &form).await.unwrap_err()),
        [("form".to_string(), ErrorCode::InvalidTable)],
        "misaligned rows"
    );
    let page = profiles::edition_page(&db, Some(&fp), "TZ", 2024, Lang::En).await.unwrap();
    assert!(page.values.iter().all(|v| v.value.is_none()), "nothing was saved");
    let chapter =
        ChapterForm { edition_id: id.to_string(), chapter: "nonsense".into(), lang: "en".into(), version: "0".into(), body: "x".into() };
    assert_eq!(fields(profiles::save_chapter(&db, &fp, &chapter).await.unwrap_err()), ["chapter"]);
    let chapter = ChapterForm { chapter: "context".into(), body: "bad \u{7}".into(), ..chapter };
    assert_eq!(codes(profiles::save_chapter(&db, &fp, &chapter).await.unwrap_err()), [("body".to_string(), ErrorCode::ControlCharacters)]);
    assert_eq!(
        fields(profiles::new_edition(&db, &fp, &NewEditionForm { country: "TZ".into(), year: "next".into() }, now()).await.unwrap_err()),
        ["year"]
    );
    assert!(matches!(profiles::state_page(&db, None, "XX", Lang::En, now()).await, Err(ServiceError::NotFound)));
    // The indicator set is the secretariat's; codes are unique.
    let dup =
        IndicatorForm { code: "Stock.Immigrants".into(), name_en: "Again".into(), chapter: "immigration".into(), ..Default::default() };
    assert!(matches!(profiles::save_indicator(&db, &fp, &dup).await, Err(ServiceError::Forbidden)));
    assert_eq!(codes(profiles::save_indicator(&db, &sec, &dup).await.unwrap_err()), [("code".to_string(), ErrorCode::IndicatorCodeTaken)]);
    assert_eq!(fields(profiles::save_interval(&db, &sec, "0").await.unwrap_err()), ["years"]);
}

#[tokio::test]
async fn states_whose_profile_is_due_are_reminded_once() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let tz = user(&db, "fp@gov.tz.example", Role::FocalPoint, Some("TZ")).await;
    user(&db, "fp@gov.mz.example", Role::FocalPoint, Some("MZ")).await;
    let ind = indicator(&db, &sec, "stock.immigrants").await;
    publish(&db, &tz, "TZ", 2026, &[(ind, "1", "")]).await;
    let sent = profiles::queue_reminders(&db, now(), URL).await.unwrap();
    assert_eq!(sent, 1, "Mozambique has no profile; Tanzania's is current");
    let mail = outbox::Entity::find().filter(outbox::Column::Kind.eq("profile_due")).all(&db).await.unwrap();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].recipient, "fp@gov.mz.example");
    assert_eq!(profiles::queue_reminders(&db, now(), URL).await.unwrap(), 0, "once per due year");
    // Two years on, Tanzania's 2026 edition is due.
    let later: chrono::DateTime<chrono::Utc> = "2028-02-01T08:00:00Z".parse().unwrap();
    assert_eq!(profiles::queue_reminders(&db, later, URL).await.unwrap(), 2);
    let home = profiles::home(&db, None, later).await.unwrap();
    assert!(home.states.iter().find(|s| s.country.code() == "TZ").unwrap().overdue);
    assert_eq!(home.states.iter().find(|s| s.country.code() == "TZ").unwrap().latest_published, Some(2026));
    assert!(home.states.iter().all(|s| s.members.is_none() && s.in_progress.is_none()), "the public sees no drafts or groups");
}

#[tokio::test]
async fn the_group_links_its_own_meetings_and_the_indicator_set_keeps_the_meaning_of_values() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let tz = user(&db, "fp@gov.tz.example", Role::FocalPoint, Some("TZ")).await;
    let mz = user(&db, "fp@gov.mz.example", Role::FocalPoint, Some("MZ")).await;
    let make = |kind: &str| app::features::meetings::types::MeetingForm { kind: kind.into(), ..meeting_form() };
    let twg_meeting = app::features::meetings::service::create(&db, &sec, &make("technical_working_group")).await.unwrap();
    let other = app::features::meetings::service::create(&db, &sec, &make("workshop")).await.unwrap();
    let link = |m: i32| GroupMeetingForm { country: "TZ".into(), meeting_id: m.to_string() };
    // A draft meeting is the secretariat's: the focal point can neither link nor see it.
    assert_eq!(fields(profiles::link_meeting(&db, &tz, &link(twg_meeting)).await.unwrap_err()), ["meeting_id"]);
    app::features::meetings::service::transition(&db, &sec, twg_meeting, "1", "announced").await.unwrap();
    assert!(matches!(profiles::link_meeting(&db, &mz, &link(twg_meeting)).await, Err(ServiceError::Forbidden)));
    assert_eq!(fields(profiles::link_meeting(&db, &sec, &link(other)).await.unwrap_err()), ["meeting_id"], "only working group meetings");
    profiles::link_meeting(&db, &tz, &link(twg_meeting)).await.unwrap();
    assert!(matches!(profiles::link_meeting(&db, &tz, &link(twg_meeting)).await, Err(ServiceError::Conflict(_))));
    let page = profiles::state_page(&db, None, "TZ", Lang::En, now()).await.unwrap();
    assert_eq!(page.meetings.iter().map(|m| m.0).collect::<Vec<_>>(), [twg_meeting]);
    assert!(page.linkable.is_empty(), "the public links nothing");
    assert!(profiles::state_page(&db, None, "MZ", Lang::En, now()).await.unwrap().meetings.is_empty(), "another state's group");
    profiles::unlink_meeting(&db, &tz, &link(twg_meeting)).await.unwrap();
    assert!(profiles::state_page(&db, None, "TZ", Lang::En, now()).await.unwrap().meetings.is_empty());

    // An indicator with values keeps its unit and chapter; its names can be corrected.
    let ind = indicator(&db, &sec, "stock.immigrants").await;
    publish(&db, &tz, "TZ", 2024, &[(ind, "1", "")]).await;
    let edit = |unit: &str, name: &str| IndicatorForm {
        id: ind.to_string(),
        code: "stock.immigrants".into(),
        name_en: name.into(),
        unit: unit.into(),
        chapter: "immigration".into(),
        ..Default::default()
    };
    assert_eq!(
        codes(profiles::save_indicator(&db, &sec, &edit("thousands", "Immigrants")).await.unwrap_err()),
        [("unit".to_string(), ErrorCode::IndicatorInUse)]
    );
    let renamed = IndicatorForm { code: "immigrants".into(), ..edit("persons", "Immigrants") };
    assert_eq!(codes(profiles::save_indicator(&db, &sec, &renamed).await.unwrap_err()), [("code".to_string(), ErrorCode::IndicatorInUse)]);
    profiles::save_indicator(&db, &sec, &edit("persons", "International migrant stock")).await.unwrap();
    // An indicator added after publication is not part of the published edition.
    indicator(&db, &sec, "idps").await;
    let e = profiles::edition_page(&db, None, "TZ", 2024, Lang::En).await.unwrap();
    assert_eq!(e.values.iter().map(|v| v.code.as_str()).collect::<Vec<_>>(), ["stock.immigrants"]);
    assert_eq!(e.values[0].name, "International migrant stock");
}

#[tokio::test]
async fn a_recommendation_indicator_tied_to_a_profile_indicator_takes_its_figures_from_the_published_profiles() {
    use app::features::plan::{service as plan, types::RecommendationForm};
    let db = db().await;
    let sec = secretariat(&db).await;
    let tz = user(&db, "fp@gov.tz.example", Role::FocalPoint, Some("TZ")).await;
    let ind = indicator(&db, &sec, "stock.immigrants").await;
    let mid = meeting(&db, &sec).await; // held in 2026
    let rec = |indicators: &str| RecommendationForm {
        meeting_id: mid.to_string(),
        code: "R1.1".into(),
        heading: "1. Data".into(),
        text: "Improve migration statistics.".into(),
        theme: "data".into(),
        level: "national".into(),
        states: "TZ".into(),
        indicators: indicators.into(),
        ..Default::default()
    };
    // A tie to an indicator the set does not have is refused on the field.
    let e = plan::save_recommendation(&db, &sec, &rec("Immigrant stock | | +10% | profile:no.such"), now()).await.unwrap_err();
    assert_eq!(codes(e), [("indicators".to_string(), ErrorCode::InvalidIndicator)]);
    let rid = plan::save_recommendation(&db, &sec, &rec("Immigrant stock | | +10% | profile:stock.immigrants"), now()).await.unwrap();
    // Archived since: the recommendation keeps its tie when edited; a new tie to it is refused.
    let archive = IndicatorForm {
        id: ind.to_string(),
        code: "stock.immigrants".into(),
        name_en: "Indicator stock.immigrants".into(),
        unit: "persons".into(),
        chapter: "immigration".into(),
        archived: "on".into(),
        ..Default::default()
    };
    profiles::save_indicator(&db, &sec, &archive).await.unwrap();
    let again =
        RecommendationForm { id: rid.to_string(), version: "1".into(), ..rec("Immigrant stock | | +12% | profile:stock.immigrants") };
    plan::save_recommendation(&db, &sec, &again, now()).await.unwrap();
    let other = RecommendationForm { code: "R1.2".into(), ..rec("Immigrant stock | | +10% | profile:stock.immigrants") };
    assert_eq!(
        codes(plan::save_recommendation(&db, &sec, &other, now()).await.unwrap_err()),
        [("indicators".to_string(), ErrorCode::InvalidIndicator)]
    );
    profiles::save_indicator(&db, &sec, &IndicatorForm { archived: String::new(), ..archive }).await.unwrap();
    publish(&db, &tz, "TZ", 2022, &[(ind, "100", "2021")]).await;
    publish(&db, &tz, "TZ", 2024, &[(ind, "150", "2023")]).await;
    // The 2027 edition is published after the plan's meeting began: the latest value, not the baseline.
    profiles::new_edition(&db, &tz, &NewEditionForm { country: "TZ".into(), year: "2027".into() }, now()).await.unwrap();
    let (e27, v27) = edition_id(&db, "TZ", 2027).await;
    profiles::save_values(&db, &tz, &values(e27, v27, &[(ind, "180", "2026")])).await.unwrap();
    let later: chrono::DateTime<chrono::Utc> = "2027-03-01T09:00:00Z".parse().unwrap();
    for to in ["review", "validated", "published"] {
        let (id, version) = edition_id(&db, "TZ", 2027).await;
        let form = ProfileStepForm { edition_id: id.to_string(), version: version.to_string(), to: to.into() };
        profiles::step(&db, &tz, &form, later).await.unwrap();
    }
    let page = app::features::reports::service::country_page(&db, Some(&sec), mid, "TZ", Lang::En, 1).await.unwrap();
    let f = &page.items[0].profile_figures;
    assert_eq!(f.len(), 1);
    let (baseline, latest) = (f[0].baseline.clone().unwrap(), f[0].latest.clone().unwrap());
    assert_eq!((baseline.value.as_str(), baseline.year, baseline.edition), ("150", 2023, 2024), "as published when the plan began");
    assert_eq!((latest.value.as_str(), latest.year, latest.edition), ("180", 2026, 2027));
    // A state whose profiles are not public: the public sees that they are withheld.
    let private = TwgForm { country: "TZ".into(), version: "0".into(), ministries: String::new(), public: String::new() };
    profiles::save_twg(&db, &tz, &private).await.unwrap();
    let figures = profiles::state_figures(
        &db,
        None,
        app::domain::CountryCode::parse("c", "TZ").unwrap(),
        &["stock.immigrants".to_string()],
        "2026-12-08".parse().unwrap(),
        Lang::En,
    )
    .await
    .unwrap();
    assert!(figures[0].withheld && figures[0].latest.is_none());
}

#[tokio::test]
async fn a_published_profile_proposes_its_recommendations_to_a_meeting_as_drafts_with_their_origin() {
    use app::features::plan::service as plan;
    let db = db().await;
    let sec = secretariat(&db).await;
    let tz = user(&db, "fp@gov.tz.example", Role::FocalPoint, Some("TZ")).await;
    let mid = meeting(&db, &sec).await;
    profiles::new_edition(&db, &tz, &NewEditionForm { country: "TZ".into(), year: "2024".into() }, now()).await.unwrap();
    let (id, _) = edition_id(&db, "TZ", 2024).await;
    let text = ChapterForm {
        edition_id: id.to_string(),
        chapter: "recommendations".into(),
        lang: "en".into(),
        version: "0".into(),
        body: "The group recommends:\n\n1. Harmonise the work permit and residence registers.\n2. Add a migration module to the labour force survey.".into(),
    };
    profiles::save_chapter(&db, &tz, &text).await.unwrap();
    let form = ProposeForm { edition_id: id.to_string(), meeting_id: mid.to_string() };
    // Only a published edition, only by the secretariat.
    assert_eq!(codes(profiles::propose(&db, &sec, &form, now()).await.unwrap_err()), [("form".to_string(), ErrorCode::WrongStep)]);
    for to in ["review", "validated", "published"] {
        step(&db, &tz, "TZ", 2024, to).await.unwrap();
    }
    assert!(matches!(profiles::propose(&db, &tz, &form, now()).await, Err(ServiceError::Forbidden)));
    let page = profiles::edition_page(&db, Some(&sec), "TZ", 2024, Lang::En).await.unwrap();
    assert!(page.propose_to.iter().any(|(m, _)| *m == mid));
    assert_eq!(profiles::propose(&db, &sec, &form, now()).await.unwrap().3, 2, "the list's items, not its lead-in");
    assert_eq!(profiles::propose(&db, &sec, &form, now()).await.unwrap().3, 0, "not proposed twice");
    let drafts = plan::recommendations_of(&db, mid).await.unwrap();
    let texts: Vec<&str> = drafts.iter().map(|r| r.text_md.as_str()).collect();
    assert_eq!(texts, ["Harmonise the work permit and residence registers.", "Add a migration module to the labour force survey."]);
    assert!(drafts.iter().all(|r| r.origin_profile.as_deref() == Some("TZ/2024") && r.status == app::domain::PlanStatus::Draft));
    let view = plan::view_of(&drafts[0], &[], Lang::En, vec![]);
    assert_eq!(view.origin.as_deref(), Some("/profiles/TZ/2024#recommendations"));
}
