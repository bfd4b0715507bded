//! Plan of Action, reporting cycles, progress reports and the matrix.

use crate::support::*;
use app::domain::{ErrorCode, Lang, PlanStatus, ReportState, ReportStatus, Role};
use app::features::auth::types::CurrentUser;
use app::features::plan::service as plan;
use app::features::plan::types::{PlanStepForm, RecommendationForm};
use app::features::reports::service as reports;
use app::features::reports::types::{CycleForm, MatrixQuery, ReportForm, ReviewForm};
use app::ssr::entities::{audit_log, progress_report, recommendation, report_cell};
use app::ssr::ServiceError;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

fn rec(mid: i32, code: &str, states: &str) -> RecommendationForm {
    RecommendationForm {
        meeting_id: mid.to_string(),
        code: code.into(),
        heading: "1. Labour migration".into(),
        text: format!("Recommendation {code}: adopt **national** labour migration policies."),
        text_fr: "Adopter des politiques nationales.".into(),
        theme: "labour".into(),
        level: "national".into(),
        states: states.into(),
        target_date: "2028-06-30".into(),
        indicators: "Policy adopted | 6 states | 16 states".into(),
        frameworks: "GCM-5, SDG-10.7".into(),
        ..Default::default()
    }
}

const CSV_OK: &str = "code,heading,theme,level,states,bodies,target_date,indicators,frameworks,text_en,text_fr,text_pt\n\
R1.1,1. Data,data,regional,ALL,SADC,2028-01-31,Regional data portal online,GCM-1,Build a regional migration data portal.,,\n\
R1.2,1. Data,data,national,\"TZ, MZ\",,,\"Census questions | 2 | 16\nSurveys run\",SDG-17.18,\"Add migration questions to censuses.\",Ajouter des questions.,Adicionar perguntas.\n\
R2.1,2. Trafficking,trafficking,national,ALL,,2027-12-31,,,\"Adopt national referral mechanisms.\",,\n";

async fn adopted_plan(db: &DatabaseConnection, sec: &CurrentUser) -> (i32, Vec<i32>) {
    let mid = meeting(db, sec).await;
    app::features::meetings::service::transition(db, sec, mid, "1", "announced").await.unwrap();
    plan::import(db, sec, mid, "plan.csv", CSV_OK.as_bytes(), Utc::now()).await.expect("import");
    let v = plan::find_plan(db, mid).await.unwrap().unwrap().version;
    let f = PlanStepForm {
        meeting_id: mid.to_string(),
        version: v.to_string(),
        step: "adopt".into(),
        adopted_on: "2026-12-10".into(),
        ..Default::default()
    };
    assert_eq!(plan::step(db, sec, &f, Utc::now()).await.unwrap(), PlanStatus::Adopted);
    let ids = plan::recommendations_of(db, mid).await.unwrap().iter().map(|r| r.id).collect();
    (mid, ids)
}

fn cycle_form(mid: i32, opens: &str, due: &str) -> CycleForm {
    CycleForm {
        meeting_id: mid.to_string(),
        title: "2027 reporting".into(),
        opens_on: opens.into(),
        due_on: due.into(),
        recommendations: vec![],
    }
}

/// A cycle of the plan that opens today and is due in 30 days.
async fn open_cycle_today(db: &DatabaseConnection, sec: &CurrentUser, mid: i32) -> i32 {
    let today = Utc::now().date_naive();
    reports::open_cycle(db, sec, &cycle_form(mid, &today.to_string(), &(today + Duration::days(30)).to_string()), Utc::now()).await.unwrap()
}

fn report(cycle: i32, rec: i32, status: &str, percent: &str, submit: bool) -> ReportForm {
    ReportForm {
        cycle_id: cycle.to_string(),
        recommendation_id: rec.to_string(),
        status: status.into(),
        percent: percent.into(),
        narrative: "The **policy** was drafted <script>alert(1)</script>.".into(),
        evidence: "https://gov.example/policy.pdf".into(),
        next_steps: "Cabinet approval.".into(),
        submit: submit.then(|| "on".into()),
    }
}

#[tokio::test]
async fn recommendations_are_validated_all_at_once_and_codes_are_unique() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = meeting(&db, &sec).await;
    app::features::meetings::service::transition(&db, &sec, mid, "1", "announced").await.unwrap();
    let bad = RecommendationForm {
        meeting_id: mid.to_string(),
        code: "R 1".into(),
        theme: "astrology".into(),
        level: "global".into(),
        states: "TZ, XX".into(),
        bodies: "NATO".into(),
        target_date: "soon".into(),
        indicators: "| 1 | 2".into(),
        frameworks: "GCM-24".into(),
        ..Default::default()
    };
    let errs = codes(plan::save_recommendation(&db, &sec, &bad, Utc::now()).await.unwrap_err());
    let expect = [
        ("code", ErrorCode::InvalidCode),
        ("text", ErrorCode::Required),
        ("theme", ErrorCode::InvalidChoice),
        ("level", ErrorCode::InvalidChoice),
        ("states", ErrorCode::InvalidCountry),
        ("bodies", ErrorCode::InvalidBody),
        ("target_date", ErrorCode::InvalidDate),
        ("indicators", ErrorCode::InvalidIndicator),
        ("frameworks", ErrorCode::InvalidFramework),
    ];
    for (f, c) in expect {
        assert!(errs.contains(&(f.to_string(), c.clone())), "{f}: {c:?} in {errs:?}");
    }
    let nobody = RecommendationForm { states: "".into(), bodies: "".into(), ..rec(mid, "R1", "") };
    assert_eq!(
        codes(plan::save_recommendation(&db, &sec, &nobody, Utc::now()).await.unwrap_err()),
        [("states".to_string(), ErrorCode::ResponsibleRequired)]
    );
    assert_eq!(recommendation::Entity::find().count(&db).await.unwrap(), 0, "nothing saved");

    let id = plan::save_recommendation(&db, &sec, &rec(mid, "r1", "tz, mz"), Utc::now()).await.unwrap();
    assert_eq!(
        codes(plan::save_recommendation(&db, &sec, &rec(mid, "R1", "ALL"), Utc::now()).await.unwrap_err()),
        [("code".to_string(), ErrorCode::DuplicateCode)]
    );
    let page = plan::page(&db, Some(&sec), mid, Lang::Fr, Utc::now()).await.unwrap();
    let r = &page.recommendations[0];
    assert_eq!((r.id, r.code.as_str(), r.states.to_db().as_str(), r.untranslated), (id, "R1", "MZ,TZ", false));
    assert!(r.text_html.contains("Adopter"));
    assert_eq!(r.indicators[0].target, "16 states");
    assert_eq!(r.frameworks, ["GCM-5", "SDG-10.7"]);
    // Portuguese is missing: the original is shown, flagged.
    let pt = plan::page(&db, Some(&sec), mid, Lang::Pt, Utc::now()).await.unwrap();
    assert!(pt.recommendations[0].untranslated && pt.recommendations[0].text_html.contains("<strong>national</strong>"));

    // A focal point or delegate cannot write; the public does not see a draft plan.
    let fp = user(&db, "fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    assert!(matches!(plan::save_recommendation(&db, &fp, &rec(mid, "R2", "ALL"), Utc::now()).await, Err(ServiceError::Forbidden)));
    assert!(plan::page(&db, None, mid, Lang::En, Utc::now()).await.unwrap().recommendations.is_empty());
    assert!(matches!(plan::export(&db, None, mid, false).await, Err(ServiceError::NotFound)));
}

#[tokio::test]
async fn import_is_all_or_nothing_with_a_row_by_row_report() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = meeting(&db, &sec).await;
    let bad = "code,theme,level,states,text_en\nR1,labour,national,ALL,Fine row\nR1,labour,national,ALL,Same code\nX,labour,national,ALL,\nR3,nope,national,XX,Bad theme and state\nR1,labour,national,XX,Both a repeated code and a bad state\n";
    let errs = codes(plan::import(&db, &sec, mid, "plan.csv", bad.as_bytes(), Utc::now()).await.unwrap_err());
    assert!(errs.contains(&("row3.code".into(), ErrorCode::DuplicateCode)), "{errs:?}");
    assert!(errs.contains(&("row4.code".into(), ErrorCode::InvalidCode)), "{errs:?}");
    assert!(errs.contains(&("row4.text_en".into(), ErrorCode::Required)), "{errs:?}");
    assert!(errs.contains(&("row5.theme".into(), ErrorCode::InvalidChoice)), "{errs:?}");
    assert!(errs.contains(&("row5.states".into(), ErrorCode::InvalidCountry)), "{errs:?}");
    assert!(
        errs.contains(&("row6.code".into(), ErrorCode::DuplicateCode)) && errs.contains(&("row6.states".into(), ErrorCode::InvalidCountry)),
        "{errs:?}"
    );
    assert_eq!(recommendation::Entity::find().count(&db).await.unwrap(), 0, "nothing imported");
    assert_eq!(
        codes(plan::import(&db, &sec, mid, "plan.csv", b"code,texte\nR1,x\n", Utc::now()).await.unwrap_err()),
        [("file".to_string(), ErrorCode::InvalidTable)]
    );
    assert_eq!(
        codes(plan::import(&db, &sec, mid, "plan.xlsx", b"not a workbook", Utc::now()).await.unwrap_err()),
        [("file".to_string(), ErrorCode::InvalidTable)]
    );

    assert_eq!(plan::import(&db, &sec, mid, "plan.csv", CSV_OK.as_bytes(), Utc::now()).await.unwrap(), 3);
    let page = plan::page(&db, Some(&sec), mid, Lang::En, Utc::now()).await.unwrap();
    assert_eq!(page.recommendations.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), ["R1.1", "R1.2", "R2.1"]);
    assert_eq!(page.recommendations[1].indicators.len(), 2);
    assert_eq!(page.recommendations[0].bodies, ["SADC"]);
    // Importing the same codes again is refused row by row.
    let again = codes(plan::import(&db, &sec, mid, "plan.csv", CSV_OK.as_bytes(), Utc::now()).await.unwrap_err());
    assert_eq!(again.len(), 3);

    // Export → import into another meeting gives the same plan, through CSV and XLSX alike.
    for xlsx in [false, true] {
        let bytes = plan::export(&db, Some(&sec), mid, xlsx).await.unwrap();
        let other = meeting(&db, &sec).await;
        assert_eq!(plan::import(&db, &sec, other, if xlsx { "p.xlsx" } else { "p.csv" }, &bytes, Utc::now()).await.unwrap(), 3);
        let copy = plan::page(&db, Some(&sec), other, Lang::En, Utc::now()).await.unwrap();
        for (a, b) in page.recommendations.iter().zip(copy.recommendations.iter()) {
            assert_eq!(
                (&a.code, &a.text_md, &a.text_fr_md, &a.states, &a.indicators, &a.frameworks, a.target_date),
                (&b.code, &b.text_md, &b.text_fr_md, &b.states, &b.indicators, &b.frameworks, b.target_date)
            );
        }
    }
    // The template imports as it is.
    let other = meeting(&db, &sec).await;
    assert_eq!(plan::import(&db, &sec, other, "t.xlsx", &plan::template(true).unwrap(), Utc::now()).await.unwrap(), 1);
}

#[tokio::test]
async fn adoption_locks_the_plan_and_later_changes_are_amendments() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let mid = meeting(&db, &sec).await;
    app::features::meetings::service::transition(&db, &sec, mid, "1", "announced").await.unwrap();
    plan::import(&db, &sec, mid, "plan.csv", CSV_OK.as_bytes(), Utc::now()).await.unwrap();
    // A draft from the minutes without code or theme blocks adoption.
    let now = Utc::now();
    let draft = recommendation::ActiveModel {
        meeting_id: sea_orm::Set(mid),
        kind: sea_orm::Set(app::domain::PassageKind::Decision),
        status: sea_orm::Set(app::domain::PlanStatus::Draft),
        text_md: sea_orm::Set("From the minutes".into()),
        text_html: sea_orm::Set("<p>From the minutes</p>".into()),
        created_at: sea_orm::Set(now),
        updated_at: sea_orm::Set(now),
        ..Default::default()
    };
    let draft = sea_orm::ActiveModelTrait::insert(draft, &db).await.unwrap();
    let p = plan::find_plan(&db, mid).await.unwrap().unwrap();
    let adopt = |v: i32| PlanStepForm {
        meeting_id: mid.to_string(),
        version: v.to_string(),
        step: "adopt".into(),
        adopted_on: "2026-12-10".into(),
        ..Default::default()
    };
    let e = codes(plan::step(&db, &sec, &adopt(p.version), now).await.unwrap_err());
    assert!(matches!(&e[0].1, ErrorCode::Incomplete { what } if what == &format!("#{}", draft.id)), "{e:?}");
    plan::delete_recommendation(&db, &sec, draft.id).await.unwrap();
    let p = plan::find_plan(&db, mid).await.unwrap().unwrap();
    assert!(matches!(plan::step(&db, &sec, &adopt(p.version - 1), now).await, Err(ServiceError::Conflict(_))), "stale version");
    let search = app::features::search::service::search;
    assert!(search(&db, None, "referral mechanisms", 10).await.unwrap().is_empty(), "a draft plan is not searchable by the public");
    assert_eq!(search(&db, Some(&sec), "referral mechanisms", 10).await.unwrap().len(), 1);
    plan::step(&db, &sec, &adopt(p.version), now).await.unwrap();
    let page = plan::page(&db, None, mid, Lang::En, now).await.unwrap();
    assert_eq!(page.plan.as_ref().map(|p| p.status), Some(PlanStatus::Adopted));
    let hits = search(&db, None, "referral mechanisms", 10).await.unwrap();
    assert_eq!(hits.len(), 1, "adopted recommendations are found by everyone who sees the meeting");
    assert!(hits[0].url.ends_with(&format!("/plan#rec-{}", page.recommendations[2].id)));
    assert_eq!(page.recommendations.len(), 3, "an adopted plan is public with its meeting");

    // After adoption: no deletion, no import, edits need a reason and are recorded.
    let r = page.recommendations[0].clone();
    assert_eq!(codes(plan::delete_recommendation(&db, &sec, r.id).await.unwrap_err())[0].1, ErrorCode::Locked);
    assert_eq!(codes(plan::import(&db, &sec, mid, "p.csv", CSV_OK.as_bytes(), now).await.unwrap_err())[0].1, ErrorCode::Locked);
    let mut f = RecommendationForm {
        id: r.id.to_string(),
        meeting_id: mid.to_string(),
        version: r.version.to_string(),
        code: r.code.clone(),
        heading: r.heading.clone(),
        text: r.text_md.clone(),
        theme: r.theme.clone(),
        level: "regional".into(),
        states: "ALL".into(),
        bodies: "SADC, IOM".into(),
        target_date: "2029-01-31".into(),
        indicators: "Regional data portal online".into(),
        frameworks: "GCM-1".into(),
        ..Default::default()
    };
    assert_eq!(codes(plan::save_recommendation(&db, &sec, &f, now).await.unwrap_err()), [("reason".to_string(), ErrorCode::Required)]);
    f.reason = "Extended by the senior officials in 2027".into();
    plan::save_recommendation(&db, &sec, &f, now).await.unwrap();
    let after = plan::page(&db, Some(&sec), mid, Lang::En, now).await.unwrap();
    let a = &after.recommendations[0];
    assert_eq!(a.version, r.version + 1);
    assert_eq!(a.amendments.len(), 1);
    let changes = &a.amendments[0].changes;
    assert!(changes.contains(&("target_date".into(), "2028-01-31".into(), "2029-01-31".into())), "{changes:?}");
    assert!(changes.contains(&("bodies".into(), "SADC".into(), "SADC,IOM".into())), "{changes:?}");
    assert_eq!(changes.len(), 2, "only what changed: {changes:?}");
    assert!(matches!(plan::save_recommendation(&db, &sec, &f, now).await, Err(ServiceError::Conflict(_))), "stale version");
    assert_eq!(audit_log::Entity::find().filter(audit_log::Column::Action.eq("recommendation.amend")).count(&db).await.unwrap(), 1);

    // Minutes adopted after the plan make a draft: not part of the plan for anyone but the
    // secretariat (page, export, search, new cycles) until completed by an amendment.
    let late = recommendation::ActiveModel {
        meeting_id: sea_orm::Set(mid),
        kind: sea_orm::Set(app::domain::PassageKind::Recommendation),
        status: sea_orm::Set(app::domain::PlanStatus::Draft),
        text_md: sea_orm::Set("Restricted passage on asylum quotas".into()),
        text_html: sea_orm::Set("<p>Restricted passage on asylum quotas</p>".into()),
        created_at: sea_orm::Set(now),
        updated_at: sea_orm::Set(now),
        ..Default::default()
    };
    let late = sea_orm::ActiveModelTrait::insert(late, &db).await.unwrap();
    app::features::search::service::index_meeting(&db, mid).await.unwrap();
    assert_eq!(plan::page(&db, None, mid, Lang::En, now).await.unwrap().recommendations.len(), 3);
    assert_eq!(plan::page(&db, Some(&sec), mid, Lang::En, now).await.unwrap().recommendations.len(), 4);
    assert!(!String::from_utf8(plan::export(&db, None, mid, false).await.unwrap()).unwrap().contains("asylum quotas"));
    assert!(search(&db, None, "asylum quotas", 10).await.unwrap().is_empty());
    let c = reports::open_cycle(&db, &sec, &cycle_form(mid, "2027-01-01", "2027-02-01"), now).await.unwrap();
    assert_eq!(reports::cycle_page(&db, Some(&sec), c, Lang::En, now).await.unwrap().cycle.recommendations, 3, "not in new cycles");
    let complete = RecommendationForm {
        id: late.id.to_string(),
        version: "1".into(),
        code: "R9.1".into(),
        reason: "Completed from the minutes of the follow-up meeting".into(),
        ..rec(mid, "R9.1", "ALL")
    };
    plan::save_recommendation(&db, &sec, &complete, now).await.unwrap();
    assert_eq!(plan::page(&db, None, mid, Lang::En, now).await.unwrap().recommendations.len(), 4, "joins the plan by amendment");
}

#[tokio::test]
async fn focal_points_report_for_their_own_country_only_while_the_cycle_is_open() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let (mid, ids) = adopted_plan(&db, &sec).await;
    let (all_states, tz_mz) = (ids[0], ids[1]);
    let tz = user(&db, "fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    let ao = user(&db, "fp@gov.ao", Role::FocalPoint, Some("AO")).await;
    let delegate = user(&db, "d@gov.tz", Role::Delegate, None).await;
    let today = Utc::now().date_naive();

    // Cycles: secretariat only, adopted plans only, due after opening.
    let f = cycle_form(mid, &today.to_string(), &(today + Duration::days(30)).to_string());
    assert!(matches!(reports::open_cycle(&db, &tz, &f, Utc::now()).await, Err(ServiceError::Forbidden)));
    let backwards = cycle_form(mid, &today.to_string(), &(today - Duration::days(1)).to_string());
    assert_eq!(
        codes(reports::open_cycle(&db, &sec, &backwards, Utc::now()).await.unwrap_err()),
        [("due_on".to_string(), ErrorCode::EndBeforeStart)]
    );
    let draft_meeting = meeting(&db, &sec).await;
    assert_eq!(
        codes(reports::open_cycle(&db, &sec, &cycle_form(draft_meeting, "2027-01-01", "2027-02-01"), Utc::now()).await.unwrap_err())[0].1,
        ErrorCode::WrongStep
    );
    let cycle = reports::open_cycle(
        &db,
        &sec,
        &CycleForm { recommendations: vec![all_states.to_string(), tz_mz.to_string()], ..f.clone() },
        Utc::now(),
    )
    .await
    .unwrap();
    let later = reports::open_cycle(
        &db,
        &sec,
        &cycle_form(mid, &(today + Duration::days(5)).to_string(), &(today + Duration::days(40)).to_string()),
        Utc::now(),
    )
    .await
    .unwrap();

    // What each focal point is asked for.
    let page = reports::cycle_page(&db, Some(&tz), cycle, Lang::En, Utc::now()).await.unwrap();
    assert_eq!(page.due.iter().map(|d| (d.code.as_str(), d.reporter.as_str())).collect::<Vec<_>>(), [("R1.1", "TZ"), ("R1.2", "TZ")]);
    let page = reports::cycle_page(&db, Some(&ao), cycle, Lang::En, Utc::now()).await.unwrap();
    assert_eq!(page.due.len(), 1, "Angola is not responsible for R1.2");
    assert_eq!(
        reports::cycle_page(&db, Some(&sec), cycle, Lang::En, Utc::now()).await.unwrap().due.len(),
        16 + 1 + 2,
        "16 states and SADC on R1.1, TZ and MZ on R1.2"
    );
    assert!(matches!(reports::cycle_page(&db, Some(&delegate), cycle, Lang::En, Utc::now()).await, Err(ServiceError::Forbidden)));
    assert!(matches!(reports::cycle_page(&db, None, cycle, Lang::En, Utc::now()).await, Err(ServiceError::Unauthenticated)));

    // Refusals: wrong role, not responsible, bad values, cycle not open yet, another country's page.
    assert!(matches!(
        reports::save_report(&db, &delegate, &report(cycle, all_states, "in_progress", "40", true), Utc::now()).await,
        Err(ServiceError::Forbidden)
    ));
    assert!(matches!(
        reports::save_report(&db, &sec, &report(cycle, all_states, "in_progress", "40", true), Utc::now()).await,
        Err(ServiceError::Forbidden)
    ));
    assert_eq!(
        codes(reports::save_report(&db, &ao, &report(cycle, tz_mz, "in_progress", "40", true), Utc::now()).await.unwrap_err())[0].1,
        ErrorCode::NotResponsible
    );
    let e = codes(reports::save_report(&db, &tz, &report(cycle, all_states, "achieved", "140", true), Utc::now()).await.unwrap_err());
    assert_eq!(e, [("percent".to_string(), ErrorCode::OutOfRange { min: 0, max: 100 })]);
    let e = codes(reports::save_report(&db, &tz, &report(cycle, all_states, "achieved", "90", true), Utc::now()).await.unwrap_err());
    assert_eq!(e, [("percent".to_string(), ErrorCode::PercentMismatch)]);
    let mut bad_link = report(cycle, all_states, "in_progress", "40", true);
    bad_link.evidence = "javascript:alert(1)".into();
    assert_eq!(
        codes(reports::save_report(&db, &tz, &bad_link, Utc::now()).await.unwrap_err()),
        [("evidence".to_string(), ErrorCode::InvalidLink)]
    );
    assert_eq!(
        codes(reports::save_report(&db, &tz, &report(later, all_states, "in_progress", "40", true), Utc::now()).await.unwrap_err())[0].1,
        ErrorCode::CycleClosed
    );
    assert!(matches!(
        reports::report_page(&db, Some(&ao), cycle, all_states, "TZ", Lang::En, Utc::now()).await,
        Err(ServiceError::Forbidden)
    ));
    assert_eq!(progress_report::Entity::find().count(&db).await.unwrap(), 0, "nothing saved");

    // Draft, then submit: the draft is the same row; the submitted version is locked.
    reports::save_report(&db, &tz, &report(cycle, all_states, "in_progress", "30", false), Utc::now()).await.unwrap();
    let p = reports::report_page(&db, Some(&tz), cycle, all_states, "TZ", Lang::En, Utc::now()).await.unwrap();
    assert!(p.can_edit && p.history.is_empty());
    assert_eq!(p.draft.as_ref().map(|d| d.percent), Some(30));
    assert!(
        reports::report_page(&db, Some(&sec), cycle, all_states, "TZ", Lang::En, Utc::now()).await.unwrap().draft.is_none(),
        "drafts are the reporter's"
    );
    let (id, state) = reports::save_report(&db, &tz, &report(cycle, all_states, "in_progress", "40", true), Utc::now()).await.unwrap();
    assert_eq!(state, ReportState::Submitted);
    assert_eq!(progress_report::Entity::find().count(&db).await.unwrap(), 1);
    assert_eq!(
        codes(reports::save_report(&db, &tz, &report(cycle, all_states, "in_progress", "50", false), Utc::now()).await.unwrap_err())[0].1,
        ErrorCode::WrongStep
    );
    let p = reports::report_page(&db, Some(&tz), cycle, all_states, "TZ", Lang::En, Utc::now()).await.unwrap();
    assert!(!p.can_edit);
    assert!(!p.history[0].narrative_html.contains("<script"), "narratives are sanitised");
    let prefill = p.draft.as_ref().unwrap();
    assert_eq!(prefill.percent, 40, "the next version starts from the last one");
    assert!(prefill.narrative_html.starts_with("The **policy**"), "as Markdown");
    reports::save_report(&db, &ao, &report(cycle, all_states, "achieved", "100", true), Utc::now()).await.unwrap();

    // Review: secretariat only; a return needs a comment; then a new version, validated.
    let ret = ReviewForm { report_id: id.to_string(), decision: "return".into(), comment: "".into() };
    assert!(matches!(reports::review(&db, &tz, &ret, Utc::now()).await, Err(ServiceError::Forbidden)));
    assert_eq!(codes(reports::review(&db, &sec, &ret, Utc::now()).await.unwrap_err()), [("comment".to_string(), ErrorCode::Required)]);
    reports::review(&db, &sec, &ReviewForm { comment: "Please attach the draft policy.".into(), ..ret.clone() }, Utc::now()).await.unwrap();
    assert_eq!(
        codes(reports::review(&db, &sec, &ReviewForm { decision: "validate".into(), ..ret.clone() }, Utc::now()).await.unwrap_err())[0].1,
        ErrorCode::WrongStep
    );
    let (id2, _) = reports::save_report(&db, &tz, &report(cycle, all_states, "in_progress", "60", true), Utc::now()).await.unwrap();
    reports::review(&db, &sec, &ReviewForm { report_id: id2.to_string(), decision: "validate".into(), comment: "".into() }, Utc::now())
        .await
        .unwrap();
    let p = reports::report_page(&db, Some(&sec), cycle, all_states, "TZ", Lang::En, Utc::now()).await.unwrap();
    assert_eq!(
        p.history.iter().map(|v| (v.seq, v.state, v.percent)).collect::<Vec<_>>(),
        [(2, ReportState::Validated, 60), (1, ReportState::Returned, 40)]
    );
    assert_eq!(p.history[1].review_comment, "Please attach the draft policy.");

    // A later draft is the reporter's: the secretariat still sees the validated version, and
    // coverage still counts the report as in.
    reports::save_report(&db, &tz, &report(cycle, all_states, "in_progress", "65", false), Utc::now()).await.unwrap();
    let sp = reports::cycle_page(&db, Some(&sec), cycle, Lang::En, Utc::now()).await.unwrap();
    let row = sp.due.iter().find(|d| d.recommendation_id == all_states && d.reporter == "TZ").unwrap();
    assert_eq!((row.state, row.percent), (Some(ReportState::Validated), Some(60)));
    let tp = reports::cycle_page(&db, Some(&tz), cycle, Lang::En, Utc::now()).await.unwrap();
    assert_eq!(tp.due[0].state, Some(ReportState::Draft), "the reporter sees their draft");
    assert_eq!(tp.coverage, (1, 2));
    let draft_id = progress_report::Entity::find().filter(progress_report::Column::State.eq("draft")).one(&db).await.unwrap().unwrap().id;
    assert!(
        db.execute_unprepared(&format!("UPDATE progress_report SET state = 'validated' WHERE id = {draft_id}")).await.is_err(),
        "no validation without submission"
    );
    assert!(db.execute_unprepared(&format!("UPDATE progress_report SET narrative_html = '<p>x</p>' WHERE id = {id2}")).await.is_err());

    // The public country page shows validated versions only, without names or review comments.
    let v = plan::find_plan(&db, mid).await.unwrap().unwrap().version;
    plan::step(
        &db,
        &sec,
        &PlanStepForm {
            meeting_id: mid.to_string(),
            version: v.to_string(),
            step: "publication".into(),
            public_status: Some("on".into()),
            public_narratives: Some("on".into()),
            ..Default::default()
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let public = reports::country_page(&db, None, mid, "TZ", Lang::En, 1).await.unwrap();
    let h = &public.items[0].history;
    assert_eq!(
        h.iter().map(|(_, v)| (v.seq, v.state)).collect::<Vec<_>>(),
        [(2, ReportState::Validated)],
        "the returned version is not public"
    );
    assert!(h[0].1.author.is_empty() && h[0].1.reviewer.is_empty() && !h[0].1.narrative_html.is_empty());
    let insider = reports::country_page(&db, Some(&ao), mid, "TZ", Lang::En, 1).await.unwrap();
    assert_eq!(insider.items[0].history.len(), 2);

    // Append-only, in the database too.
    let sql = format!("UPDATE progress_report SET percent = 99 WHERE id = {id}");
    assert!(db.execute_unprepared(&sql).await.is_err(), "a returned version cannot be changed");
    assert!(db.execute_unprepared(&format!("DELETE FROM progress_report WHERE id = {id2}")).await.is_err(), "nor deleted");

    // Closing the cycle stops reporting.
    reports::close_cycle(&db, &sec, cycle, Utc::now()).await.unwrap();
    assert_eq!(
        codes(reports::save_report(&db, &ao, &report(cycle, all_states, "achieved", "100", false), Utc::now()).await.unwrap_err())[0].1,
        ErrorCode::CycleClosed
    );
}

#[tokio::test]
async fn the_matrix_counts_the_latest_validated_reports_and_respects_publication() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let (mid, ids) = adopted_plan(&db, &sec).await;
    let cycle = open_cycle_today(&db, &sec, mid).await;
    let mut fps = vec![];
    for c in ["TZ", "MZ", "ZA"] {
        fps.push(user(&db, &format!("fp@gov.{}", c.to_lowercase()), Role::FocalPoint, Some(c)).await);
    }
    let submit = |fp: CurrentUser, rec: i32, status: &'static str, pct: &'static str| {
        let db = db.clone();
        async move { reports::save_report(&db, &fp, &report(cycle, rec, status, pct, true), Utc::now()).await.unwrap().0 }
    };
    let validate = |id: i32| {
        let (db, sec) = (db.clone(), sec.clone());
        async move {
            reports::review(
                &db,
                &sec,
                &ReviewForm { report_id: id.to_string(), decision: "validate".into(), comment: "".into() },
                Utc::now(),
            )
            .await
            .unwrap()
        }
    };
    validate(submit(fps[0].clone(), ids[0], "achieved", "100").await).await;
    validate(submit(fps[1].clone(), ids[0], "in_progress", "50").await).await;
    let za = submit(fps[2].clone(), ids[0], "delayed", "10").await; // awaiting review: reported, not counted
    let ao = user(&db, "fp@gov.ao", Role::FocalPoint, Some("AO")).await;
    validate(submit(ao, ids[0], "not_applicable", "0").await).await; // out of the averages
    validate(submit(fps[0].clone(), ids[1], "not_started", "0").await).await;

    let m = reports::matrix(&db, Some(&sec), mid, MatrixQuery::default(), Lang::En, Utc::now()).await.unwrap();
    assert_eq!(m.query.cycle, Some(cycle));
    assert_eq!(m.rows.len(), 3);
    let col = |code: &str| m.states.iter().position(|s| s == code).unwrap();
    let r0 = &m.rows[0];
    assert_eq!((r0.cells[col("TZ")].status, r0.cells[col("TZ")].percent), (Some(ReportStatus::Achieved), Some(100)));
    assert_eq!(r0.cells[col("MZ")].status, Some(ReportStatus::InProgress));
    assert_eq!(r0.cells[col("ZA")].status, None, "not validated yet");
    assert!(r0.cells[col("AO")].due);
    assert_eq!(m.states.last().map(String::as_str), Some("SADC"), "R1.1 names SADC: its column follows the states'");
    assert!(r0.cells[col("SADC")].due && !m.rows[1].cells[col("SADC")].due);
    assert_eq!(r0.total, (4, 17, 1, Some(75)), "not applicable counts as in, not in the average; SADC is due too");
    let r1 = &m.rows[1];
    assert!(!r1.cells[col("AO")].due && r1.cells[col("MZ")].due, "R1.2 concerns TZ and MZ only");
    assert_eq!(r1.total, (1, 2, 0, Some(0)));
    let tz = m.countries.iter().find(|c| c.code == "TZ").unwrap();
    assert_eq!((tz.due, tz.reported, tz.achieved, tz.average), (3, 2, 1, Some(50)));
    // By status: achieved 1, in progress 1, not started 1, the rest of the 17 + 2 + 16 due cells have no report.
    assert_eq!(m.by_status, vec![1, 1, 1, 0, 1, 35 - 4]);
    assert_eq!(m.by_status.iter().sum::<usize>(), 35);
    assert_eq!(m.over_cycles, vec![("2027 reporting".to_string(), Some(50), 3, 1)]);

    // Filters.
    let f = reports::matrix(&db, Some(&sec), mid, MatrixQuery { theme: "trafficking".into(), ..Default::default() }, Lang::En, Utc::now())
        .await
        .unwrap();
    assert_eq!(f.rows.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), ["R2.1"]);
    assert_eq!(f.over_cycles, vec![("2027 reporting".to_string(), None, 0, 0)], "no validated report on R2.1");
    let f = reports::matrix(&db, Some(&sec), mid, MatrixQuery { level: "regional".into(), ..Default::default() }, Lang::En, Utc::now())
        .await
        .unwrap();
    assert_eq!(f.rows.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), ["R1.1"]);
    assert_eq!(f.over_cycles, vec![("2027 reporting".to_string(), Some(75), 2, 1)], "R1.1's: TZ 100, MZ 50, AO not applicable");
    // A theme or level that does not exist is refused on its field (not an empty matrix).
    let bad = MatrixQuery { theme: "no-such-theme".into(), level: "planetary".into(), ..Default::default() };
    match reports::matrix(&db, Some(&sec), mid, bad, Lang::En, Utc::now()).await {
        Err(ServiceError::Validation(e)) => {
            assert_eq!(e.get("theme").map(|e| e.code.clone()), Some(ErrorCode::InvalidChoice));
            assert!(e.get("level").is_some(), "{e:?}");
        }
        other => panic!("expected field errors, got {other:?}"),
    }

    // The public sees statuses only when the secretariat publishes them.
    assert!(!reports::matrix(&db, None, mid, MatrixQuery::default(), Lang::En, Utc::now()).await.unwrap().visible);
    assert!(reports::matrix(&db, None, mid, MatrixQuery::default(), Lang::En, Utc::now()).await.unwrap().rows.is_empty());
    assert!(matches!(reports::matrix_export(&db, None, mid, MatrixQuery::default(), false, Utc::now()).await, Err(ServiceError::NotFound)));
    let v = plan::find_plan(&db, mid).await.unwrap().unwrap().version;
    plan::step(
        &db,
        &sec,
        &PlanStepForm {
            meeting_id: mid.to_string(),
            version: v.to_string(),
            step: "publication".into(),
            public_status: Some("on".into()),
            ..Default::default()
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let public = reports::matrix(&db, None, mid, MatrixQuery::default(), Lang::En, Utc::now()).await.unwrap();
    assert!(public.visible);
    assert_eq!(public.rows[0].total, r0.total);

    // Per country: what concerns it, the latest validated report, the history; narratives only
    // when published (or for the secretariat and focal points).
    let c = reports::country_page(&db, None, mid, "tz", Lang::En, 1).await.unwrap();
    assert_eq!(c.items.iter().map(|i| i.recommendation.code.as_str()).collect::<Vec<_>>(), ["R1.1", "R1.2", "R2.1"]);
    assert_eq!(c.items[0].latest.as_ref().map(|(_, v)| (v.status, v.percent)), Some((ReportStatus::Achieved, 100)));
    assert!(!c.narratives_visible && c.items[0].history[0].1.narrative_html.is_empty());
    assert!(c.items[2].latest.is_none() && c.items[2].history.is_empty());
    let c = reports::country_page(&db, Some(&sec), mid, "TZ", Lang::En, 1).await.unwrap();
    assert!(c.items[0].history[0].1.narrative_html.contains("<strong>policy</strong>"));
    assert_eq!(reports::country_page(&db, None, mid, "AO", Lang::En, 1).await.unwrap().items.len(), 2);
    assert!(matches!(reports::country_page(&db, None, mid, "XX", Lang::En, 1).await, Err(ServiceError::NotFound)));

    // The consolidated regional report, published as a briefing paper of the next meeting.
    assert!(matches!(reports::consolidated(&db, &fps[0], cycle, Lang::En, Utc::now()).await, Err(ServiceError::Forbidden)));
    let next = meeting(&db, &sec).await;
    app::ssr::entities::meeting::Entity::update_many()
        .col_expr(
            app::ssr::entities::meeting::Column::StartDate,
            sea_orm::sea_query::Expr::value(chrono::NaiveDate::from_ymd_opt(2027, 11, 1).unwrap()),
        )
        .filter(app::ssr::entities::meeting::Column::Id.eq(next))
        .exec(&db)
        .await
        .unwrap();
    let doc = reports::consolidated(&db, &sec, cycle, Lang::En, Utc::now()).await.unwrap();
    assert_eq!(doc.default_meeting, next, "the next meeting");
    let md = &doc.markdown;
    assert!(md.starts_with("Progress on the Plan of Action of MIDSA Ministerial Conference"), "{md}");
    assert_eq!(doc.title, "Regional progress report \u{2014} 2027 reporting");
    assert!(md.contains("| Data and research | 1 | 1 | 1 | 0 | 1 | 15 | 50% |"), "{md}");
    assert!(md.contains("| Trafficking in persons | 0 | 0 | 0 | 0 | 0 | 16 | \u{2014} |"), "{md}");
    assert!(md.contains("### United Republic of Tanzania") || md.contains("### Tanzania"), "{md}");
    assert!(md.contains("The policy was drafted") && !md.contains("<script"), "{md}");
    assert!(md.contains("## Highlights by member state and regional body"), "{md}");
    assert!(md.contains("### Angola") && !md.contains("### Botswana"), "Angola has a validated report (not applicable), Botswana none");
    let paper = app::features::papers::types::PaperForm {
        meeting_id: next.to_string(),
        lang: "en".into(),
        access: "public".into(),
        title: doc.title.clone(),
        body: doc.markdown.clone(),
        ..Default::default()
    };
    let pid = app::features::papers::service::save(&db, &sec, &paper).await.unwrap();
    let view = app::features::papers::service::get(&db, Some(&sec), pid).await.unwrap();
    assert!(view.body_html.contains("<table>") && view.body_html.contains("<h2>Summary by theme</h2>"), "{}", view.body_html);

    // Exports: the matrix as CSV, and all reports of the cycle as XLSX read by openpyxl.
    let csv = String::from_utf8(reports::matrix_export(&db, None, mid, MatrixQuery::default(), false, Utc::now()).await.unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].contains("\"TZ\"") && lines[0].contains("\"average_percent\""));
    assert!(lines[1].starts_with("\"R1.1\"") && lines[1].contains("\"achieved 100%\"") && lines[1].contains("\"no report\""));
    // The XLSX matrix holds its percentages and totals as numbers (openpyxl reads them as
    // numbers with the 0% format), and the statuses on a second sheet.
    let matrix_xlsx = reports::matrix_export(&db, None, mid, MatrixQuery::default(), true, Utc::now()).await.unwrap();
    let text = openpyxl(
        &matrix_xlsx,
        "wb = openpyxl.load_workbook(sys.argv[1])\n\
         print('|'.join(wb.sheetnames))\n\
         for name in wb.sheetnames:\n\
         \x20   rows = list(wb[name].iter_rows())\n\
         \x20   print('|'.join(str(c.value) for c in rows[0]))\n\
         \x20   print('|'.join('%s:%s:%s' % (c.value, type(c.value).__name__, c.number_format) for c in rows[1]))",
    );
    let l: Vec<&str> = text.lines().collect();
    assert_eq!(l[0], "Matrix|Status");
    assert!(l[1].starts_with("code|theme|level|") && l[1].ends_with("|reported|due|achieved|average_percent"), "{}", l[1]);
    let cells: Vec<&str> = l[2].split('|').collect();
    let column = |name: &str| l[1].split('|').position(|h| h == name).unwrap();
    assert!(cells[0].starts_with("R1.1:str"), "{text}");
    assert!(cells.iter().any(|c| *c == "1:int:0%" || *c == "1.0:float:0%"), "a validated 100% is the number 1 as 0%: {}", l[2]);
    assert!(cells.iter().any(|c| c.starts_with("no report:str")), "{}", l[2]);
    assert!(cells[column("AO")].starts_with("not_applicable:str"), "left out of sums, not a 0 %: {}", l[2]);
    for total in ["reported", "due", "achieved"] {
        let c = cells[column(total)];
        assert!(c.contains(":int:") || c.contains(":float:"), "{total} is a number: {c}");
    }
    assert!(l[3].starts_with("code|theme|level|") && !l[3].contains("average_percent"), "{text}");
    assert!(l[4].contains("achieved:str") && l[4].contains("no report:str"), "{}", l[4]);
    assert!(matches!(reports::cycle_reports_export(&db, &fps[0], cycle, true).await, Err(ServiceError::Forbidden)));
    let xlsx = reports::cycle_reports_export(&db, &sec, cycle, true).await.unwrap();
    let text = openpyxl(
        &xlsx,
        "ws = openpyxl.load_workbook(sys.argv[1]).active\nrows = list(ws.iter_rows(values_only=True))\nprint(len(rows)); print('|'.join(str(c) for c in rows[0])); print('|'.join(str(c) for c in rows[1][:6]))",
    );
    let mut l = text.lines();
    assert_eq!(l.next(), Some("6"), "header + 5 submitted reports");
    assert!(l.next().unwrap().starts_with("code|reporter|version|state|status|percent"));
    assert_eq!(l.next(), Some("R1.1|AO|1|validated|not_applicable|0"));

    // The figures over cycles are reused between requests only while nothing changed: a new
    // validation shows at once.
    let before = reports::matrix(&db, Some(&sec), mid, MatrixQuery::default(), Lang::En, Utc::now()).await.unwrap();
    assert_eq!(before.over_cycles, vec![("2027 reporting".to_string(), Some(50), 3, 1)]);
    validate(za).await;
    let after = reports::matrix(&db, Some(&sec), mid, MatrixQuery::default(), Lang::En, Utc::now()).await.unwrap();
    assert_eq!(after.over_cycles, vec![("2027 reporting".to_string(), Some(40), 4, 1)]);

    // A second cycle, on R1.2 only: each cycle's figures count its own recommendations' cells.
    let today = Utc::now().date_naive();
    let f = CycleForm {
        title: "2028 reporting".into(),
        recommendations: vec![ids[1].to_string()],
        ..cycle_form(mid, &today.to_string(), &(today + Duration::days(30)).to_string())
    };
    let second = reports::open_cycle(&db, &sec, &f, Utc::now()).await.unwrap();
    let tz = reports::save_report(&db, &fps[0], &report(second, ids[1], "in_progress", "30", true), Utc::now()).await.unwrap().0;
    validate(tz).await;
    let both = reports::matrix(&db, Some(&sec), mid, MatrixQuery::default(), Lang::En, Utc::now()).await.unwrap();
    assert_eq!(
        both.over_cycles,
        vec![("2027 reporting".to_string(), Some(40), 4, 1), ("2028 reporting".to_string(), Some(30), 1, 0)],
        "oldest first"
    );
}

/// A matrix cell: recommendation, reporter, in, and the latest validated (seq, status, percent).
type Cell = (i32, String, bool, Option<i32>, Option<ReportStatus>, Option<i32>);
type CellState = (bool, Option<i32>, Option<ReportStatus>, Option<i32>);

/// The matrix cells (`report_cell`, read by the dashboard, the matrix API and exports) as the
/// reports say they should be: in when some version is submitted or validated, with the latest
/// validated version's status and percent.
async fn cells_from_the_reports(db: &DatabaseConnection, cycle: i32) -> Vec<Cell> {
    let mut out: std::collections::BTreeMap<(i32, String), CellState> = Default::default();
    for r in progress_report::Entity::find().filter(progress_report::Column::CycleId.eq(cycle)).all(db).await.unwrap() {
        if !matches!(r.state, ReportState::Submitted | ReportState::Validated) {
            continue;
        }
        let e = out.entry((r.recommendation_id, r.reporter.clone())).or_insert((true, None, None, None));
        if r.state == ReportState::Validated && e.1.is_none_or(|s| r.seq > s) {
            *e = (true, Some(r.seq), Some(r.status), Some(r.percent));
        }
    }
    out.into_iter().map(|((rec, who), (a, b, c, d))| (rec, who, a, b, c, d)).collect()
}

async fn kept_cells(db: &DatabaseConnection, cycle: i32) -> Vec<Cell> {
    let mut v: Vec<_> = report_cell::Entity::find()
        .filter(report_cell::Column::CycleId.eq(cycle))
        .filter(report_cell::Column::Reported.eq(true))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.recommendation_id, c.reporter, c.reported, c.seq, c.status, c.percent))
        .collect();
    v.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    v
}

#[tokio::test]
async fn the_matrix_cells_follow_every_submission_and_review_and_agree_with_the_backfill() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let (mid, ids) = adopted_plan(&db, &sec).await;
    let cycle = open_cycle_today(&db, &sec, mid).await;
    let tz = user(&db, "fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    let mz = user(&db, "fp@gov.mz", Role::FocalPoint, Some("MZ")).await;
    let review = |id: i32, decision: &'static str| {
        let (db, sec) = (db.clone(), sec.clone());
        async move {
            let f = ReviewForm { report_id: id.to_string(), decision: decision.into(), comment: "Please add the evidence.".into() };
            reports::review(&db, &sec, &f, Utc::now()).await.unwrap();
        }
    };
    let cell = |rec: i32, who: &'static str| {
        let (db, sec) = (db.clone(), sec.clone());
        async move {
            let m = reports::matrix(&db, Some(&sec), mid, MatrixQuery::default(), Lang::En, Utc::now()).await.unwrap();
            let col = m.states.iter().position(|s| s == who).unwrap();
            let row = m.rows.iter().find(|r| r.recommendation_id == rec).unwrap();
            let c = &row.cells[col];
            let reported = m.countries[col].reported;
            (c.status, c.percent, reported)
        }
    };
    // Each step, then the kept cells against the reports.
    let check = || async { assert_eq!(kept_cells(&db, cycle).await, cells_from_the_reports(&db, cycle).await) };
    // A draft: nothing.
    reports::save_report(&db, &tz, &report(cycle, ids[0], "in_progress", "20", false), Utc::now()).await.unwrap();
    check().await;
    assert_eq!(cell(ids[0], "TZ").await, (None, None, 0));
    // Submitted: in, not counted yet; returned: out again.
    let (a, _) = reports::save_report(&db, &tz, &report(cycle, ids[0], "in_progress", "20", true), Utc::now()).await.unwrap();
    check().await;
    assert_eq!(cell(ids[0], "TZ").await, (None, None, 1));
    review(a, "return").await;
    check().await;
    assert_eq!(cell(ids[0], "TZ").await, (None, None, 0));
    // Submitted again and validated: counted.
    let (b, _) = reports::save_report(&db, &tz, &report(cycle, ids[0], "in_progress", "40", true), Utc::now()).await.unwrap();
    review(b, "validate").await;
    check().await;
    assert_eq!(cell(ids[0], "TZ").await, (Some(ReportStatus::InProgress), Some(40), 1));
    // A newer version returned: the validated one still counts, and the cell stays in.
    let (c, _) = reports::save_report(&db, &tz, &report(cycle, ids[0], "achieved", "100", true), Utc::now()).await.unwrap();
    check().await;
    review(c, "return").await;
    check().await;
    assert_eq!(cell(ids[0], "TZ").await, (Some(ReportStatus::InProgress), Some(40), 1));
    // Then validated: the newest counts.
    let (d, _) = reports::save_report(&db, &tz, &report(cycle, ids[0], "achieved", "100", true), Utc::now()).await.unwrap();
    review(d, "validate").await;
    // Another country and recommendation alongside.
    let (e, _) = reports::save_report(&db, &mz, &report(cycle, ids[1], "delayed", "10", true), Utc::now()).await.unwrap();
    review(e, "validate").await;
    reports::save_report(&db, &mz, &report(cycle, ids[0], "in_progress", "5", true), Utc::now()).await.unwrap();
    check().await;
    assert_eq!(cell(ids[0], "TZ").await, (Some(ReportStatus::Achieved), Some(100), 1));
    assert_eq!(cell(ids[1], "MZ").await, (Some(ReportStatus::Delayed), Some(10), 2));
    assert_eq!(cell(ids[0], "MZ").await, (None, None, 2));
    // The migration's backfill, run on these reports, gives the same cells as the service kept.
    let kept = kept_cells(&db, cycle).await;
    report_cell::Entity::delete_many().exec(&db).await.unwrap();
    db.execute_unprepared(migration::REPORT_CELL_BACKFILL).await.unwrap();
    assert_eq!(kept_cells(&db, cycle).await, kept);
}

/// The matrix read through the memo (the dashboard's server function and the JSON API) is
/// computed once per cache epoch and per access to statuses, and a committed write is seen on
/// the next read.
#[tokio::test]
async fn the_matrix_is_reused_until_a_write_moves_the_cache_epoch() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let (mid, ids) = adopted_plan(&db, &sec).await;
    let cycle = open_cycle_today(&db, &sec, mid).await;
    let tz = user(&db, "fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    let memo = app::ssr::memo::Memo::default();
    let tz_cell = |m: &app::features::reports::types::MatrixData| {
        let col = m.states.iter().position(|s| s == "TZ").unwrap();
        m.rows.iter().find(|r| r.recommendation_id == ids[0]).map(|r| (r.cells[col].status, r.cells[col].percent))
    };
    let (a, _) = reports::save_report(&db, &tz, &report(cycle, ids[0], "in_progress", "40", true), Utc::now()).await.unwrap();
    let f = ReviewForm { report_id: a.to_string(), decision: "validate".into(), comment: String::new() };
    reports::review(&db, &sec, &f, Utc::now()).await.unwrap();
    let viewed = reports::matrix_memo(&db, &memo, Some(&sec), mid, MatrixQuery::default(), Lang::En, Utc::now()).await.unwrap();
    assert_eq!(tz_cell(&viewed), Some((Some(ReportStatus::InProgress), Some(40))));
    assert_eq!(viewed, reports::matrix(&db, Some(&sec), mid, MatrixQuery::default(), Lang::En, Utc::now()).await.unwrap());
    assert_eq!(memo.len(), 1);
    // The public, who may not see statuses of this plan, get their own matrix, never the
    // secretariat's.
    let public = reports::matrix_memo(&db, &memo, None, mid, MatrixQuery::default(), Lang::En, Utc::now()).await.unwrap();
    assert!(viewed.visible && !public.visible && public.rows.is_empty());
    assert_eq!(memo.len(), 2);
    // A change that moves no epoch (made here behind the services' back) is not seen: the
    // matrix is reused, not read again…
    db.execute_unprepared(&format!("UPDATE report_cell SET percent = 45 WHERE cycle_id = {cycle} AND reporter = 'TZ'")).await.unwrap();
    let again = reports::matrix_memo(&db, &memo, Some(&sec), mid, MatrixQuery::default(), Lang::En, Utc::now()).await.unwrap();
    assert_eq!(tz_cell(&again), Some((Some(ReportStatus::InProgress), Some(40))));
    // …and the next committed write (a draft, anyone's) has the next read see everything.
    reports::save_report(&db, &tz, &report(cycle, ids[0], "in_progress", "50", false), Utc::now()).await.unwrap();
    let after = reports::matrix_memo(&db, &memo, Some(&sec), mid, MatrixQuery::default(), Lang::En, Utc::now()).await.unwrap();
    assert_eq!(tz_cell(&after), Some((Some(ReportStatus::InProgress), Some(45))));
    assert_eq!(memo.len(), 1, "what was kept under the older epoch went");
    // Access is decided on every read, before the memo is consulted: a delegate is a member of
    // the public here (statuses not public), whatever the secretariat's read left in the memo.
    let other = user(&db, "d@gov.ao", Role::Delegate, Some("AO")).await;
    let seen = reports::matrix_memo(&db, &memo, Some(&other), mid, MatrixQuery::default(), Lang::En, Utc::now()).await.unwrap();
    assert!(!seen.visible && seen.rows.is_empty());
}

#[tokio::test]
async fn reminders_go_to_focal_points_with_missing_reports_once_each_and_escalate_on_the_due_date() {
    use app::ssr::entities::outbox;
    let db = db().await;
    let sec = secretariat(&db).await;
    let (mid, ids) = adopted_plan(&db, &sec).await;
    let tz = user(&db, "fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    user(&db, "fp@gov.ao", Role::FocalPoint, Some("AO")).await;
    let now = Utc::now();
    let today = now.date_naive();
    assert_eq!(reports::reminder_kind(today, today + Duration::days(30), today), Some("open"));
    assert_eq!(reports::reminder_kind(today, today + Duration::days(14), today), Some("d14"));
    assert_eq!(reports::reminder_kind(today, today + Duration::days(3), today), Some("d3"));
    assert_eq!(reports::reminder_kind(today, today, today), Some("due"));
    assert_eq!(reports::reminder_kind(today + Duration::days(1), today + Duration::days(9), today), None);

    // Only R1.2 (TZ and MZ) is in the cycle, due in 20 days.
    let f = CycleForm {
        recommendations: vec![ids[1].to_string()],
        ..cycle_form(mid, &today.to_string(), &(today + Duration::days(20)).to_string())
    };
    let cycle = reports::open_cycle(&db, &sec, &f, now).await.unwrap();
    let sent = |kind: &'static str| {
        let db = db.clone();
        async move { outbox::Entity::find().filter(outbox::Column::Kind.eq(kind)).all(&db).await.unwrap() }
    };
    // Two workers at once: one reminder.
    let (a, b) = tokio::join!(reports::queue_reminders(&db, now, URL), reports::queue_reminders(&db, now, URL));
    assert_eq!(a.unwrap() + b.unwrap(), 1, "TZ's focal point; Angola is not concerned and MZ has no focal point");
    let first = sent("cycle_reminder").await;
    assert_eq!(first[0].recipient, "fp@gov.tz");
    assert!(first[0].payload.contains("\"open\"") && first[0].payload.contains("R1.2"));
    assert_eq!(reports::queue_reminders(&db, now + Duration::hours(5), URL).await.unwrap(), 0, "sent once");
    assert_eq!(reports::queue_reminders(&db, now + Duration::days(6), URL).await.unwrap(), 1, "two weeks before");
    assert_eq!(reports::queue_reminders(&db, now + Duration::days(7), URL).await.unwrap(), 0);
    // Tanzania submits: no more reminders for it; on the due date the secretariat hears about MZ.
    // Mozambique's draft, saved but not submitted, does not count as its report.
    let mz = user(&db, "fp@gov.mz", Role::FocalPoint, Some("MZ")).await;
    reports::save_report(&db, &mz, &report(cycle, ids[1], "in_progress", "5", false), now).await.unwrap();
    reports::save_report(&db, &tz, &report(cycle, ids[1], "in_progress", "20", true), now).await.unwrap();
    assert_eq!(reports::queue_reminders(&db, now + Duration::days(18), URL).await.unwrap(), 1, "three days before, to MZ only");
    assert_eq!(sent("cycle_reminder").await.last().unwrap().recipient, "fp@gov.mz");
    assert_eq!(reports::queue_reminders(&db, now + Duration::days(20), URL).await.unwrap(), 2, "MZ and the secretariat");
    let overdue = sent("cycle_overdue").await;
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0].recipient, "sec@iom.example");
    assert!(overdue[0].payload.contains("Mozambique") && !overdue[0].payload.contains("Tanzania"));
    assert_eq!(reports::queue_reminders(&db, now + Duration::days(25), URL).await.unwrap(), 0, "each reminder once");
    assert_eq!(sent("cycle_reminder").await.len(), 4);
}

async fn body_focal_point(db: &DatabaseConnection, email: &str, body: &str) -> CurrentUser {
    use app::ssr::entities::app_user;
    user(db, email, Role::FocalPoint, None).await;
    app_user::Entity::update_many()
        .col_expr(app_user::Column::BodyCode, sea_orm::sea_query::Expr::value(body))
        .filter(app_user::Column::Email.eq(email))
        .exec(db)
        .await
        .unwrap();
    let u = app_user::Entity::find().filter(app_user::Column::Email.eq(email)).one(db).await.unwrap().unwrap();
    app::ssr::auth::to_current_user(&u).unwrap()
}

#[tokio::test]
async fn regional_bodies_report_on_the_recommendations_that_name_them() {
    let db = db().await;
    let sec = secretariat(&db).await;
    let (mid, ids) = adopted_plan(&db, &sec).await;
    let sadc = body_focal_point(&db, "fp@sadc.int", "SADC").await;
    let iom = body_focal_point(&db, "fp@iom.int", "IOM").await;
    assert_eq!(sadc.body.as_deref(), Some("SADC"));
    let cycle = open_cycle_today(&db, &sec, mid).await;
    // R1.1 names SADC: SADC reports on it, IOM on nothing.
    let page = reports::cycle_page(&db, Some(&sadc), cycle, Lang::En, Utc::now()).await.unwrap();
    assert_eq!(
        page.due.iter().map(|d| (d.code.as_str(), d.reporter.as_str(), d.reporter_name.as_str())).collect::<Vec<_>>(),
        [("R1.1", "SADC", "SADC Secretariat")]
    );
    assert!(reports::cycle_page(&db, Some(&iom), cycle, Lang::En, Utc::now()).await.unwrap().due.is_empty());
    assert_eq!(reports::cycle_page(&db, Some(&sec), cycle, Lang::En, Utc::now()).await.unwrap().due.len(), 16 + 1 + 2 + 16);
    assert_eq!(
        codes(reports::save_report(&db, &iom, &report(cycle, ids[0], "in_progress", "10", true), Utc::now()).await.unwrap_err())[0].1,
        ErrorCode::NotResponsible
    );
    assert_eq!(
        codes(reports::save_report(&db, &sadc, &report(cycle, ids[1], "in_progress", "10", true), Utc::now()).await.unwrap_err())[0].1,
        ErrorCode::NotResponsible
    );
    let (sadc_report, _) = reports::save_report(&db, &sadc, &report(cycle, ids[0], "in_progress", "35", true), Utc::now()).await.unwrap();
    let p = reports::report_page(&db, Some(&sec), cycle, ids[0], "SADC", Lang::En, Utc::now()).await.unwrap();
    assert_eq!((p.reporter_name.as_str(), p.history[0].percent), ("SADC Secretariat", 35));
    // Validated, the body's report is on the dashboard (its own column), the charts, the export
    // and the consolidated report, like a member state's.
    let validate = ReviewForm { report_id: sadc_report.to_string(), decision: "validate".into(), comment: "".into() };
    reports::review(&db, &sec, &validate, Utc::now()).await.unwrap();
    let q = MatrixQuery { cycle: Some(cycle), ..Default::default() };
    let d = reports::matrix(&db, Some(&sec), mid, q.clone(), Lang::En, Utc::now()).await.unwrap();
    assert_eq!((d.states.len(), d.states.last().map(String::as_str)), (17, Some("SADC")), "sixteen states, then SADC");
    let r11 = d.rows.iter().find(|r| r.recommendation_id == ids[0]).unwrap();
    let cell = r11.cells.last().unwrap();
    assert_eq!((cell.due, cell.status, cell.percent), (true, Some(ReportStatus::InProgress), Some(35)));
    assert_eq!((r11.total.0, r11.total.1, r11.total.3), (1, 17, Some(35)), "reported, due, average");
    let r12 = d.rows.iter().find(|r| r.recommendation_id == ids[1]).unwrap();
    assert!(!r12.cells.last().unwrap().due, "SADC is not responsible for R1.2");
    let body = d.countries.last().unwrap();
    assert_eq!((body.code.as_str(), body.name.as_str(), body.due, body.average), ("SADC", "SADC Secretariat", 1, Some(35)));
    assert_eq!(d.over_cycles.last().map(|c| (c.1, c.2)), Some((Some(35), 1)), "progress over cycles");
    assert_eq!(d.by_status.iter().sum::<usize>(), d.rows.iter().map(|r| r.total.1).sum::<usize>());
    let csv = String::from_utf8(reports::matrix_export(&db, Some(&sec), mid, q, false, Utc::now()).await.unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].contains(r#""SADC","reported""#), "{}", lines[0]);
    assert!(lines.iter().any(|l| l.starts_with(r#""R1.1","#) && l.contains("in_progress 35%")), "{csv}");
    let doc = reports::consolidated(&db, &sec, cycle, Lang::En, Utc::now()).await.unwrap();
    let line = doc.markdown.lines().find(|l| l.starts_with("- **R1.1**")).unwrap();
    assert!(line.contains("In progress 1") && !line.contains("No report"), "{line}");
    assert!(doc.markdown.contains("### SADC Secretariat"), "the highlights quote it");
    assert!(matches!(
        reports::report_page(&db, Some(&iom), cycle, ids[0], "SADC", Lang::En, Utc::now()).await,
        Err(ServiceError::Forbidden)
    ));
    // Reminders reach the body's focal point for what is missing (nothing, here) and the states'.
    reports::queue_reminders(&db, Utc::now(), URL).await.unwrap();
    let to: Vec<String> = app::ssr::entities::outbox::Entity::find()
        .filter(app::ssr::entities::outbox::Column::Kind.eq("cycle_reminder"))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.recipient)
        .collect();
    assert!(!to.contains(&"fp@sadc.int".to_string()) && !to.contains(&"fp@iom.int".to_string()), "{to:?}");

    // Inviting: a focal point is bound to a state or a body, not both, not neither.
    use app::features::auth::types::InviteForm;
    let inv = |country: &str, body: &str| InviteForm {
        email: format!("x{}{}@iom.int", country.to_lowercase(), body.to_lowercase()),
        display_name: "X".into(),
        role: "focal_point".into(),
        country: country.into(),
        body: body.into(),
        locale: "en".into(),
    };
    let invite = app::features::auth::service::invite;
    assert!(invite(&db, &sec, &inv("", "UNHCR"), URL).await.is_ok());
    assert_eq!(codes(invite(&db, &sec, &inv("", ""), URL).await.unwrap_err()), [("country".to_string(), ErrorCode::CountryRequired)]);
    assert_eq!(codes(invite(&db, &sec, &inv("TZ", "IOM"), URL).await.unwrap_err()), [("body".to_string(), ErrorCode::CountryNotAllowed)]);
    assert_eq!(codes(invite(&db, &sec, &inv("", "NATO"), URL).await.unwrap_err()), [("body".to_string(), ErrorCode::InvalidBody)]);
}

#[tokio::test]
async fn evidence_files_belong_to_a_version_and_follow_its_access() {
    use app::features::papers::files::FileStore;
    use app::features::reports::evidence;
    const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    let db = db().await;
    let sec = secretariat(&db).await;
    let (mid, ids) = adopted_plan(&db, &sec).await;
    let tz = user(&db, "fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    let mz = user(&db, "fp@gov.mz", Role::FocalPoint, Some("MZ")).await;
    let dir = std::env::temp_dir().join(format!("midsa-evidence-{}", rand_suffix()));
    let store = FileStore::new(&dir);
    let cycle = open_cycle_today(&db, &sec, mid).await;
    let rec0 = ids[0];
    let attach = |who: CurrentUser, name: &'static str, bytes: &'static [u8]| {
        let (db, store) = (db.clone(), store.clone());
        async move { evidence::attach(&db, &store, 1024 * 1024, &who, cycle, rec0, name, bytes, Utc::now()).await }
    };
    // No draft yet: save one first. Then only real PDFs/Office files/images, by content.
    assert_eq!(codes(attach(tz.clone(), "policy.pdf", PDF).await.unwrap_err())[0].1, ErrorCode::WrongStep);
    reports::save_report(&db, &tz, &report(cycle, ids[0], "in_progress", "30", false), Utc::now()).await.unwrap();
    assert_eq!(codes(attach(tz.clone(), "policy.pdf", b"<html><script>alert(1)</script>").await.unwrap_err())[0].1, ErrorCode::FileType);
    assert!(matches!(attach(sec.clone(), "policy.pdf", PDF).await, Err(ServiceError::Forbidden)));
    let fid = attach(tz.clone(), "Cabinet <decision>.pdf", PDF).await.unwrap();
    let page = reports::report_page(&db, Some(&tz), cycle, ids[0], "TZ", Lang::En, Utc::now()).await.unwrap();
    assert!(page.has_draft);
    assert_eq!(page.draft.as_ref().unwrap().files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["Cabinet decision.pdf"]);
    // A draft's file: its reporter only.
    assert!(evidence::for_download(&db, Some(&tz), fid).await.is_ok());
    for who in [Some(&mz), Some(&sec), None] {
        assert!(matches!(evidence::for_download(&db, who, fid).await, Err(ServiceError::NotFound)));
    }
    assert!(matches!(evidence::remove(&db, &mz, fid).await, Err(ServiceError::NotFound)), "another country's focal point");

    // Submitted: frozen with the version; the secretariat and focal points may read it.
    let (rid, _) = reports::save_report(&db, &tz, &report(cycle, ids[0], "in_progress", "40", true), Utc::now()).await.unwrap();
    assert_eq!(codes(evidence::remove(&db, &tz, fid).await.unwrap_err())[0].1, ErrorCode::WrongStep);
    assert!(db.execute_unprepared(&format!("DELETE FROM report_file WHERE id = {fid}")).await.is_err(), "the database refuses too");
    assert!(evidence::for_download(&db, Some(&sec), fid).await.is_ok() && evidence::for_download(&db, Some(&mz), fid).await.is_ok());
    assert!(matches!(evidence::for_download(&db, None, fid).await, Err(ServiceError::NotFound)));
    let history = reports::report_page(&db, Some(&sec), cycle, ids[0], "TZ", Lang::En, Utc::now()).await.unwrap().history;
    assert_eq!(history[0].files.len(), 1);

    // Returned, then a new version: it starts with the same files, which can be changed there.
    reports::review(
        &db,
        &sec,
        &ReviewForm { report_id: rid.to_string(), decision: "return".into(), comment: "More detail".into() },
        Utc::now(),
    )
    .await
    .unwrap();
    reports::save_report(&db, &tz, &report(cycle, ids[0], "in_progress", "45", false), Utc::now()).await.unwrap();
    let draft = reports::report_page(&db, Some(&tz), cycle, ids[0], "TZ", Lang::En, Utc::now()).await.unwrap().draft.unwrap();
    assert_eq!(draft.files.len(), 1);
    assert_ne!(draft.files[0].id, fid, "a copy for the new version");
    evidence::remove(&db, &tz, draft.files[0].id).await.unwrap();
    assert!(evidence::for_download(&db, Some(&sec), fid).await.is_ok(), "the submitted version keeps its file");
    let (rid2, _) = reports::save_report(&db, &tz, &report(cycle, ids[0], "in_progress", "45", true), Utc::now()).await.unwrap();
    reports::review(&db, &sec, &ReviewForm { report_id: rid2.to_string(), decision: "validate".into(), comment: "".into() }, Utc::now())
        .await
        .unwrap();

    // The public sees the files of validated versions only when the plan publishes narratives.
    let second = attach(tz.clone(), "x.pdf", PDF).await;
    assert!(second.is_err(), "no draft now");
    reports::save_report(&db, &tz, &report(cycle, ids[0], "in_progress", "50", false), Utc::now()).await.unwrap();
    let f3 = attach(tz.clone(), "annex.pdf", PDF).await.unwrap();
    let (rid3, _) = reports::save_report(&db, &tz, &report(cycle, ids[0], "in_progress", "50", true), Utc::now()).await.unwrap();
    reports::review(&db, &sec, &ReviewForm { report_id: rid3.to_string(), decision: "validate".into(), comment: "".into() }, Utc::now())
        .await
        .unwrap();
    assert!(matches!(evidence::for_download(&db, None, f3).await, Err(ServiceError::NotFound)));
    let v = plan::find_plan(&db, mid).await.unwrap().unwrap().version;
    plan::step(
        &db,
        &sec,
        &PlanStepForm {
            meeting_id: mid.to_string(),
            version: v.to_string(),
            step: "publication".into(),
            public_narratives: Some("on".into()),
            ..Default::default()
        },
        Utc::now(),
    )
    .await
    .unwrap();
    assert!(evidence::for_download(&db, None, f3).await.is_ok());
    assert!(matches!(evidence::for_download(&db, None, fid).await, Err(ServiceError::NotFound)), "a returned version stays private");
    let country = reports::country_page(&db, None, mid, "TZ", Lang::En, 1).await.unwrap();
    assert_eq!(country.items[0].history[0].1.files.len(), 1);
    std::fs::remove_dir_all(&dir).ok();
}

fn rand_suffix() -> String {
    format!("{}-{:?}", std::process::id(), std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos())
}

/// What a Python `script` prints about the workbook `bytes` (written to a file whose path is
/// `sys.argv[1]`; `sys` and `openpyxl` are imported), read by openpyxl as Excel's users' tools do.
fn openpyxl(bytes: &[u8], script: &str) -> String {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let path = std::env::temp_dir().join(format!("midsa-openpyxl-{}-{n}.xlsx", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(format!("import sys, openpyxl\n{script}"))
        .arg(&path)
        .output()
        .expect("python3 with openpyxl (scripts/setup.sh installs it)");
    std::fs::remove_file(&path).ok();
    assert!(out.status.success(), "openpyxl: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}
