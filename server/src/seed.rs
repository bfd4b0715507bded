//! Demo data: a realistic MIDSA scenario for trying the application. Never run by migrations.
//!
//! - a 3-day regional ministerial conference on mixed migration in Dar es Salaam
//!   (Africa/Dar_es_Salaam), about 60 agenda items across sessions and breaks, published twice
//!   so the revision history and changelog can be seen;
//! - a past technical working group meeting in Gaborone with a published agenda;
//! - a draft meeting (visible to the secretariat only);
//! - one account per role.

use app::domain::{CountryCode, Lang, Role};
use app::features::agenda::service as agenda;
use app::features::agenda::types::{ItemForm, PublishForm, SessionForm};
use app::features::auth::service as auth;
use app::features::auth::types::CurrentUser;
use app::features::meetings::service as meetings;
use app::features::meetings::types::MeetingForm;
use app::ssr::entities::{app_user, meeting};
use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

/// Password of every demo account (printed by the seed; for demonstrations only).
pub const DEMO_PASSWORD: &str = "midsa-demo-2026";

pub struct DemoAccount {
    pub email: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub country: Option<&'static str>,
}

pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount { email: "secretariat@midsa.example", name: "Thandiwe Moyo (IOM secretariat)", role: Role::Secretariat, country: None },
    DemoAccount {
        email: "focal.tz@midsa.example",
        name: "Baraka Mwakyusa (Tanzania focal point)",
        role: Role::FocalPoint,
        country: Some("TZ"),
    },
    DemoAccount {
        email: "focal.mz@midsa.example",
        name: "Inês Machava (Mozambique focal point)",
        role: Role::FocalPoint,
        country: Some("MZ"),
    },
    DemoAccount {
        email: "focal.za@midsa.example",
        name: "Sipho Nkosi (South Africa focal point)",
        role: Role::FocalPoint,
        country: Some("ZA"),
    },
    DemoAccount { email: "focal.zm@midsa.example", name: "Mwila Phiri (Zambia focal point)", role: Role::FocalPoint, country: Some("ZM") },
    DemoAccount { email: "delegate@midsa.example", name: "Chipo Banda (delegate, Zambia)", role: Role::Delegate, country: None },
    // Bound to the SADC Secretariat (a regional body) by the seed.
    DemoAccount {
        email: "focal.sadc@midsa.example",
        name: "Kagiso Dube (SADC Secretariat focal point)",
        role: Role::FocalPoint,
        country: None,
    },
    // Registered (approved) as Tanzania's head of delegation at the conference: comments on
    // circulated minutes.
    DemoAccount {
        email: "juma.mwakyusa@gov.tz.example",
        name: "Juma Mwakyusa (head of delegation, Tanzania)",
        role: Role::Delegate,
        country: None,
    },
];

/// Fills an empty database. Refuses (returns Ok(false)) when meetings already exist.
pub async fn run(db: &DatabaseConnection, store: &app::ssr::blob::FileStore, public_url: &str) -> Result<bool, String> {
    if meeting::Entity::find().count(db).await.map_err(|e| e.to_string())? > 0 {
        return Ok(false);
    }
    for a in DEMO_ACCOUNTS {
        let country = a.country.map(|c| CountryCode::parse("country", c)).transpose().map_err(|e| e.message)?;
        auth::create_user_with_password(db, a.email, a.name, DEMO_PASSWORD, a.role, country).await.map_err(|e| format!("{e:?}"))?;
    }
    let admin = app_user::Entity::find().filter(app_user::Column::Email.eq(DEMO_ACCOUNTS[0].email)).one(db).await.map_err(err)?;
    let actor = admin.as_ref().and_then(app::ssr::auth::to_current_user).ok_or("the demo secretariat account was not created")?;

    let today = Utc::now().date_naive();
    // The conference starts on the Tuesday three weeks from now.
    let mut start = today + Duration::days(21);
    while start.weekday() != Weekday::Tue {
        start += Duration::days(1);
    }
    let conference_id = conference(db, &actor, start).await?;
    registrations(db, &actor, conference_id, start, public_url).await?;
    notes_verbales(db, store, &actor, conference_id).await?;
    live_and_speakers(db, &actor, conference_id).await?;
    // Invitation letters: signed by the secretariat's programme manager (no letterhead image:
    // the letters carry a text heading until the secretariat uploads one).
    let letters = app::features::registration::service::LetterSettingsForm {
        meeting_id: conference_id.to_string(),
        signatory_name: "Thandiwe Moyo".into(),
        signatory_title: "Programme Manager, MIDSA Secretariat".into(),
        ..Default::default()
    };
    app::features::registration::service::save_letter_settings(db, store, 10 * 1024 * 1024, &actor, &letters)
        .await
        .map_err(|e| format!("{e:?}"))?;
    // A message to the approved heads of delegation, in English and French (the Portuguese
    // readers get the English original, said so).
    let message = app::features::registration::types::MessageForm {
        meeting_id: conference_id.to_string(),
        token: "demo-briefing".into(),
        status: "approved".into(),
        category: "head_of_delegation".into(),
        subject_en: "Heads of delegation: briefing on the eve of the conference".into(),
        body_en: "The heads of delegation are invited to a briefing by the secretariat at **17:00** on the eve of the \
                  conference, in the Kilimanjaro room of the venue.\n\nPlease confirm your attendance to the secretariat."
            .into(),
        subject_fr: "Chefs de délégation\u{a0}: réunion d’information la veille de la conférence".into(),
        body_fr: "Les chefs de délégation sont invités à une réunion d’information du secrétariat à **17 h** la veille \
                  de la conférence, dans la salle Kilimandjaro du lieu de la conférence.\n\nMerci de confirmer votre présence au \
                  secrétariat."
            .into(),
        ..Default::default()
    };
    app::features::registration::service::send_message(db, &actor, &message, public_url).await.map_err(|e| format!("{e:?}"))?;
    let mut twg = today - Duration::days(90);
    while twg.weekday() != Weekday::Wed {
        twg += Duration::days(1);
    }
    let twg_id = working_group(db, &actor, twg).await?;
    documents(db, &actor, conference_id, twg_id, public_url).await?;
    plan_of_action(db, &actor, twg_id, today).await?;
    let draft = MeetingForm {
        kind: "workshop".into(),
        title: "Workshop on labour migration statistics".into(),
        description: "Draft: dates and venue to be confirmed with the host.".into(),
        venue: "To be confirmed".into(),
        city: "Windhoek".into(),
        host_country: "NA".into(),
        timezone: "Africa/Windhoek".into(),
        start_date: (start + Duration::days(120)).to_string(),
        end_date: (start + Duration::days(121)).to_string(),
        lang_en: Some("on".into()),
        lang_pt: Some("on".into()),
        ..Default::default()
    };
    meetings::create(db, &actor, &draft).await.map_err(|e| format!("{e:?}"))?;
    // After the meetings the tests know by number (1 to 3): the profiles' group meeting is 4.
    migration_profiles(db, &actor).await?;
    Ok(true)
}

/// A small valid PDF (one page, one line of text), as a state's scanned letter would be.
fn demo_pdf(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 14 Tf 72 760 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = vec![];
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    out
}

/// The live agenda and a speakers list of the conference: a note to everyone, and Tanzania and
/// Mozambique waiting for the floor on the first item.
async fn live_and_speakers(db: &DatabaseConnection, actor: &CurrentUser, meeting_id: i32) -> Result<(), String> {
    use app::features::agenda::types::{LiveForm, SpeakerForm};
    let note = LiveForm {
        meeting_id: meeting_id.to_string(),
        kind: "note".into(),
        note: "The registration desk opens at 08:00 on the first day, at the main entrance.".into(),
        ..Default::default()
    };
    app::features::agenda::live::announce(db, actor, &note, Utc::now()).await.map_err(|e| format!("{e:?}"))?;
    let latest = app::features::agenda::service::latest_revision(db, meeting_id).await.map_err(|e| format!("{e:?}"))?;
    let snapshot = latest.as_ref().map(app::features::agenda::service::snapshot_of).transpose().map_err(|e| format!("{e:?}"))?;
    let first = snapshot.and_then(|s| s.days.first().and_then(|d| d.sessions.first()).and_then(|s| s.items.first()).map(|i| i.id));
    let Some(item) = first else { return Ok(()) };
    for country in ["TZ", "MZ"] {
        let ask = SpeakerForm {
            meeting_id: meeting_id.to_string(),
            item_id: item.to_string(),
            action: "ask".into(),
            country: country.into(),
            ..Default::default()
        };
        app::features::agenda::speakers::act(db, actor, &ask, Utc::now()).await.map_err(|e| format!("{e:?}"))?;
    }
    Ok(())
}

/// Notes verbales of the conference: Tanzania's from its focal point, three received by email
/// and attached by the secretariat; the other delegations' are still awaited.
async fn notes_verbales(
    db: &DatabaseConnection,
    store: &app::ssr::blob::FileStore,
    actor: &CurrentUser,
    meeting_id: i32,
) -> Result<(), String> {
    use app::features::registration::service as reg;
    let focal = app_user::Entity::find().filter(app_user::Column::Email.eq("focal.tz@midsa.example")).one(db).await.map_err(err)?;
    let focal = focal.as_ref().and_then(app::ssr::auth::to_current_user).ok_or("the demo focal point was not created")?;
    for (who, country) in [(&focal, "TZ"), (actor, "MZ"), (actor, "ZA"), (actor, "BW")] {
        let pdf = demo_pdf(&format!("Note verbale: nomination of the delegation of {country}"));
        reg::attach_note(db, store, 10 * 1024 * 1024, who, meeting_id, country, &format!("note-verbale-{country}.pdf"), &pdf)
            .await
            .map_err(|e| format!("{e:?}"))?;
    }
    Ok(())
}

/// Registration for the conference: open until three days before it, 120 places, six per
/// delegation, approval by the secretariat; a few dozen delegates, most already approved.
async fn registrations(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    meeting_id: i32,
    start: NaiveDate,
    public_url: &str,
) -> Result<(), String> {
    use app::features::registration::service as reg;
    use app::features::registration::types::{DecisionForm, RegistrationForm, SettingsForm};
    let today = Utc::now().date_naive();
    let settings = SettingsForm {
        meeting_id: meeting_id.to_string(),
        opens_at: format!("{}T08:00", today - Duration::days(7)),
        closes_at: format!("{}T17:00", start - Duration::days(3)),
        capacity: "120".into(),
        quota: "6".into(),
        cat_head_of_delegation: Some("on".into()),
        cat_delegate: Some("on".into()),
        cat_adviser: Some("on".into()),
        cat_observer: Some("on".into()),
        cat_partner_organisation: Some("on".into()),
        cat_media: Some("on".into()),
        approval_required: Some("on".into()),
        ..Default::default()
    };
    reg::save_settings(db, actor, &settings, public_url).await.map_err(err)?;
    const PEOPLE: &[(&str, &str, &str, &str, &str)] = &[
        ("TZ", "head_of_delegation", "Hon.", "Juma", "Mwakyusa"),
        ("TZ", "delegate", "", "Neema", "Kimaro"),
        ("MZ", "head_of_delegation", "S. Exa.", "Ana", "Macuácua"),
        ("MZ", "adviser", "Dr", "Inês", "Machava"),
        ("ZA", "head_of_delegation", "Hon.", "Thabo", "Nkosi"),
        ("ZA", "delegate", "", "Lerato", "Mokoena"),
        ("AO", "head_of_delegation", "S. Exa.", "João", "Baptista"),
        ("CD", "head_of_delegation", "S.E.", "Jean-Pierre", "Kabeya"),
        ("CD", "delegate", "", "Mireille", "Tshala"),
        ("MG", "head_of_delegation", "S.E.", "Hery", "Rakotoarisoa"),
        ("KM", "delegate", "", "Said", "Abdallah"),
        ("BW", "head_of_delegation", "Hon.", "Kgosi", "Molefe"),
        ("ZM", "delegate", "", "Chanda", "Mulenga"),
        ("ZW", "head_of_delegation", "Hon.", "Tendai", "Moyo"),
        ("NA", "delegate", "", "Ndapewa", "Shikongo"),
        ("MW", "adviser", "", "Chikondi", "Banda"),
    ];
    let mut ids = vec![];
    for (i, (country, category, title, given, family)) in PEOPLE.iter().enumerate() {
        let form = RegistrationForm {
            meeting_id: meeting_id.to_string(),
            category: category.to_string(),
            country: country.to_string(),
            title: title.to_string(),
            given_name: given.to_string(),
            family_name: family.to_string(),
            position: if *category == "head_of_delegation" {
                "Minister responsible for migration".into()
            } else {
                "Director of Immigration".into()
            },
            ministry: "Ministry of Home Affairs".into(),
            email: format!("{}.{}@gov.{}.example", ascii_fold(given), ascii_fold(family), country.to_lowercase()),
            consent_list: (i % 4 != 3).then(|| "on".into()),
            consent_contact: Some("on".into()),
            ..Default::default()
        };
        let r = reg::register(db, Some(actor), &form, app::domain::Lang::En, public_url, Utc::now()).await.map_err(err)?;
        ids.push(r.id);
    }
    // Most are approved; the last few still await a decision.
    let decision = DecisionForm {
        meeting_id: meeting_id.to_string(),
        ids: ids[..12].iter().map(|i| i.to_string()).collect(),
        decision: "approve".into(),
        reason: String::new(),
        ..Default::default()
    };
    reg::decide(db, actor, &decision, public_url).await.map_err(err)?;
    // The demo delegate account is registered (approved), so its personal page has content.
    let demo = RegistrationForm {
        meeting_id: meeting_id.to_string(),
        category: "observer".into(),
        organisation: "IOM Regional Office for Southern Africa".into(),
        given_name: "Demo".into(),
        family_name: "Delegate".into(),
        position: "Programme Officer".into(),
        email: "delegate@midsa.example".into(),
        consent_list: Some("on".into()),
        ..Default::default()
    };
    let r = reg::register(db, Some(actor), &demo, app::domain::Lang::En, public_url, Utc::now()).await.map_err(err)?;
    let approve = DecisionForm {
        meeting_id: meeting_id.to_string(),
        ids: vec![r.id.to_string()],
        decision: "approve".into(),
        reason: String::new(),
        ..Default::default()
    };
    reg::decide(db, actor, &approve, public_url).await.map_err(err)?;
    Ok(())
}

/// "Inês" → "ines", for demo email addresses.
fn ascii_fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'á' | 'à' | 'â' | 'ã' => Some('a'),
            'é' | 'ê' | 'è' => Some('e'),
            'í' => Some('i'),
            'ó' | 'ô' | 'õ' => Some('o'),
            'ú' => Some('u'),
            'ç' => Some('c'),
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// A public concept note for the conference, and adopted, public minutes for the past working
/// group with one decision and one recommendation (which become recommendation drafts).
async fn documents(db: &DatabaseConnection, actor: &CurrentUser, conference: i32, twg: i32, public_url: &str) -> Result<(), String> {
    use app::features::minutes::service as minutes;
    use app::features::minutes::types::{MinutesStepForm, SectionForm};
    use app::features::papers::types::PaperForm;
    let note = PaperForm {
        meeting_id: conference.to_string(),
        lang: "en".into(),
        access: "public".into(),
        title: "Concept note: labour migration and skills mobility".into(),
        body: "## Purpose\n\nThe conference takes stock of the **MIDSA Plan of Action** and agrees on priorities for \
labour migration and skills mobility in the SADC region.\n\n| Theme | Session |\n|---|---|\n| Labour migration | Day 1 |\n\
| Mixed migration | Day 2 |\n"
            .into(),
        ..Default::default()
    };
    app::features::papers::service::save(db, actor, &note).await.map_err(err)?;
    minutes::create(db, actor, twg).await.map_err(err)?;
    let section = SectionForm {
        meeting_id: twg.to_string(),
        title: "Harmonisation of migration data".into(),
        body: "Experts reviewed the regional migration data harmonisation work.\n\n[decision] The working group adopted the \
common definitions of the regional migration data glossary.\n\n[recommendation] Member states should report labour \
migration statistics annually using the common definitions."
            .into(),
        ..Default::default()
    };
    minutes::save_section(db, actor, &section).await.map_err(err)?;
    let now = Utc::now();
    let step = |version: i32, step: &str, access: &str| MinutesStepForm {
        meeting_id: twg.to_string(),
        version: version.to_string(),
        step: step.into(),
        closes_on: (now.date_naive() + Duration::days(7)).to_string(),
        access: access.into(),
    };
    minutes::step(db, actor, &step(2, "circulate", ""), now, public_url).await.map_err(err)?;
    minutes::step(db, actor, &step(3, "adopt", ""), now, public_url).await.map_err(err)?;
    minutes::step(db, actor, &step(4, "access", "public"), now, public_url).await.map_err(err)?;
    Ok(())
}

/// The working group's Plan of Action: the two drafts from its minutes given codes, eight more
/// imported, adopted, statuses public; a closed cycle and an open one with reports from
/// Tanzania, Mozambique and the SADC Secretariat (validated, awaiting review, draft).
async fn plan_of_action(db: &DatabaseConnection, actor: &CurrentUser, twg: i32, today: NaiveDate) -> Result<(), String> {
    use app::features::plan::service as plan;
    use app::features::plan::types::{PlanStepForm, RecommendationForm};
    use app::features::reports::service as reports;
    use app::features::reports::types::{CycleForm, ReportForm, ReviewForm};
    let now = Utc::now();
    app_user::Entity::update_many()
        .col_expr(app_user::Column::BodyCode, sea_orm::sea_query::Expr::value("SADC"))
        .filter(app_user::Column::Email.eq("focal.sadc@midsa.example"))
        .exec(db)
        .await
        .map_err(err)?;
    let csv = "code,heading,theme,level,states,bodies,target_date,indicators,frameworks,text_en,text_fr,text_pt\n\
R2.1,2. Labour migration,labour,national,ALL,,2027-12-31,National labour migration policy adopted | 7 states | 16 states,GCM-5,Adopt or review national labour migration policies aligned with the SADC Labour Migration Action Plan.,Adopter ou réviser des politiques nationales de migration de main-d'œuvre alignées sur le Plan d'action de la SADC.,Adotar ou rever políticas nacionais de migração laboral alinhadas com o Plano de Ação da SADC.\n\
R2.2,2. Labour migration,labour,national,\"ZA, BW, NA, MZ, LS, SZ\",,2027-06-30,Bilateral labour agreements signed | 3 | 8,GCM-6,Negotiate bilateral labour agreements that protect migrant workers along the main corridors.,,\n\
R3.1,3. Mixed migration and protection,mixed,national,ALL,UNHCR,2028-06-30,Referral mechanism in place | 5 states | 16 states,GCM-7,Set up national referral mechanisms for vulnerable migrants in mixed movements.,,\n\
R3.2,3. Mixed migration and protection,trafficking,national,ALL,,2027-12-31,Counter-trafficking law in force | 12 | 16,\"GCM-10, SDG-16.2\",Bring national counter-trafficking laws in line with the Palermo Protocol and train frontline officers.,,\n\
R4.1,4. Data and research,data,regional,ALL,SADC,2027-09-30,Regional migration data portal online,\"GCM-1, SDG-17.18\",Publish a regional migration data portal fed by national statistics offices.,Publier un portail régional de données migratoires.,Publicar um portal regional de dados migratórios.\n\
R4.2,4. Data and research,data,national,ALL,,2028-03-31,Census with migration module | 9 | 16,GCM-1,Include the standard migration module in the next population census.,,\n\
R5.1,5. Border management,border,national,\"TZ, MZ, MW, ZM, ZW\",,2027-12-31,One-stop border posts operating | 4 | 9,GCM-11,Extend one-stop border posts and share border data along the north-south corridor.,,\n\
R6.1,6. Migration and health,health,regional,ALL,\"SADC, WHO\",2028-12-31,,GCM-15,Harmonise cross-border health referral for mobile populations.,,\n";
    plan::import(db, actor, twg, "plan.csv", csv.as_bytes(), now).await.map_err(err)?;
    // The drafts the adopted minutes made: coded and placed in the plan.
    for (i, r) in plan::recommendations_of(db, twg).await.map_err(err)?.into_iter().filter(|r| r.code.is_empty()).enumerate() {
        let f = RecommendationForm {
            id: r.id.to_string(),
            meeting_id: twg.to_string(),
            version: r.version.to_string(),
            code: format!("R1.{}", i + 1),
            heading: "1. Migration data harmonisation".into(),
            text: r.text_md.clone(),
            theme: "data".into(),
            level: if i == 0 { "regional" } else { "national" }.into(),
            states: "ALL".into(),
            bodies: if i == 0 { "SADC".into() } else { String::new() },
            target_date: "2027-12-31".into(),
            ..Default::default()
        };
        plan::save_recommendation(db, actor, &f, now).await.map_err(err)?;
    }
    let version = |db: &DatabaseConnection| {
        let db = db.clone();
        async move { plan::find_plan(&db, twg).await.map_err(err)?.map(|p| p.version).ok_or_else(|| "no plan".to_string()) }
    };
    let step = |v: i32, step: &str| PlanStepForm {
        meeting_id: twg.to_string(),
        version: v.to_string(),
        step: step.into(),
        adopted_on: (today - Duration::days(88)).to_string(),
        public_status: Some("on".into()),
        public_narratives: None,
    };
    plan::step(db, actor, &step(version(db).await?, "adopt"), now).await.map_err(err)?;
    plan::step(db, actor, &step(version(db).await?, "publication"), now).await.map_err(err)?;
    let ids: Vec<(String, i32)> = plan::recommendations_of(db, twg).await.map_err(err)?.into_iter().map(|r| (r.code, r.id)).collect();
    let id = |code: &str| ids.iter().find(|(c, _)| c == code).map(|(_, i)| *i).unwrap_or(0);
    let user = |email: &'static str| {
        let db = db.clone();
        async move {
            app_user::Entity::find()
                .filter(app_user::Column::Email.eq(email))
                .one(&db)
                .await
                .map_err(err)?
                .as_ref()
                .and_then(app::ssr::auth::to_current_user)
                .ok_or_else(|| format!("no demo account {email}"))
        }
    };
    let (tz, mz, sadc) =
        (user("focal.tz@midsa.example").await?, user("focal.mz@midsa.example").await?, user("focal.sadc@midsa.example").await?);
    let report = |cycle: i32, code: &str, status: &str, percent: i32, narrative: &str, submit: bool| ReportForm {
        cycle_id: cycle.to_string(),
        recommendation_id: id(code).to_string(),
        status: status.into(),
        percent: percent.to_string(),
        narrative: narrative.into(),
        evidence: String::new(),
        next_steps: String::new(),
        submit: submit.then(|| "on".into()),
    };
    let validate = |report_id: i32| ReviewForm { report_id: report_id.to_string(), decision: "validate".into(), comment: String::new() };
    // A first cycle, closed: a few validated reports.
    let first = CycleForm {
        meeting_id: twg.to_string(),
        title: "First reporting cycle".into(),
        opens_on: (today - Duration::days(80)).to_string(),
        due_on: (today - Duration::days(50)).to_string(),
        recommendations: vec![],
    };
    let c1 = reports::open_cycle(db, actor, &first, now).await.map_err(err)?;
    for (who, code, status, pct, text) in [
        (&tz, "R2.1", "in_progress", 30, "A draft national labour migration policy was prepared with social partners."),
        (&mz, "R2.1", "in_progress", 20, "Consultations on the labour migration policy began in three provinces."),
        (&tz, "R4.2", "not_started", 0, "The census module will be considered for the 2032 census."),
    ] {
        let (rid, _) = reports::save_report(db, who, &report(c1, code, status, pct, text, true), now).await.map_err(err)?;
        reports::review(db, actor, &validate(rid), now).await.map_err(err)?;
    }
    reports::close_cycle(db, actor, c1, now).await.map_err(err)?;
    // The current cycle, due in three weeks.
    let second = CycleForm {
        title: "Second reporting cycle".into(),
        opens_on: (today - Duration::days(10)).to_string(),
        due_on: (today + Duration::days(21)).to_string(),
        ..first
    };
    let c2 = reports::open_cycle(db, actor, &second, now).await.map_err(err)?;
    for (who, code, status, pct, text, validated) in [
        (
            &tz,
            "R2.1",
            "in_progress",
            60,
            "The **national labour migration policy** was approved by Cabinet; its action plan is being costed.",
            true,
        ),
        (&tz, "R3.2", "achieved", 100, "The amended Anti-Trafficking in Persons Act entered into force.", true),
        (&tz, "R5.1", "delayed", 25, "Construction of the Tunduma one-stop border post was delayed by procurement.", true),
        (&mz, "R2.1", "in_progress", 45, "The policy was validated in a national workshop.", true),
        (&mz, "R2.2", "in_progress", 50, "An agreement with South Africa is under negotiation.", false),
        (&sadc, "R4.1", "in_progress", 70, "The portal is online in test; eight national statistics offices feed it.", true),
    ] {
        let (rid, _) = reports::save_report(db, who, &report(c2, code, status, pct, text, true), now).await.map_err(err)?;
        if validated {
            reports::review(db, actor, &validate(rid), now).await.map_err(err)?;
        }
    }
    reports::save_report(db, &mz, &report(c2, "R3.1", "in_progress", 10, "Draft: referral guidelines being written.", false), now)
        .await
        .map_err(err)?;
    Ok(())
}

fn err(e: impl std::fmt::Debug) -> String {
    format!("{e:?}")
}

struct Item<'a> {
    start: &'a str,
    end: &'a str,
    title: &'a str,
    kind: &'a str,
    speakers: &'a str,
    description: &'a str,
}

const fn it<'a>(start: &'a str, end: &'a str, title: &'a str, speakers: &'a str) -> Item<'a> {
    Item { start, end, title, kind: "item", speakers, description: "" }
}

const fn brk<'a>(start: &'a str, end: &'a str, title: &'a str) -> Item<'a> {
    Item { start, end, title, kind: "break", speakers: "", description: "" }
}

fn agenda_seed<'a>(db: &'a DatabaseConnection, actor: &'a CurrentUser, meeting_id: i32) -> AgendaSeeder<'a> {
    AgendaSeeder { db, actor, meeting_id }
}

/// Adds agenda sessions to one meeting.
struct AgendaSeeder<'a> {
    db: &'a DatabaseConnection,
    actor: &'a CurrentUser,
    meeting_id: i32,
}

impl AgendaSeeder<'_> {
    async fn session(&self, day: NaiveDate, title: &str, room: &str, chair: &str, items: &[Item<'_>]) -> Result<i32, String> {
        let sid = agenda::save_session(
            self.db,
            self.actor,
            &SessionForm {
                meeting_id: self.meeting_id.to_string(),
                day: day.to_string(),
                title: title.into(),
                room: room.into(),
                chair: chair.into(),
                ..Default::default()
            },
        )
        .await
        .map_err(err)?;
        for i in items {
            agenda::save_item(
                self.db,
                self.actor,
                &ItemForm {
                    meeting_id: self.meeting_id.to_string(),
                    session_id: sid.to_string(),
                    kind: i.kind.into(),
                    start: i.start.into(),
                    end: i.end.into(),
                    title: i.title.into(),
                    speakers: i.speakers.into(),
                    description: i.description.into(),
                    ..Default::default()
                },
            )
            .await
            .map_err(err)?;
        }
        Ok(sid)
    }
}

async fn conference(db: &DatabaseConnection, actor: &CurrentUser, start: NaiveDate) -> Result<i32, String> {
    let form = MeetingForm {
        kind: "ministerial_conference".into(),
        title: "MIDSA Ministerial Conference on Mixed Migration".into(),
        description: "The Migration Dialogue for Southern Africa brings together the ministers responsible for \
migration of the 16 SADC member states.\n\nThis conference reviews **mixed migration flows** in the region, \
protection-sensitive border management and progress on the *MIDSA Plan of Action*.\n\n\
| Segment | Days |\n|---|---|\n| Senior officials | Day 1 |\n| Technical sessions | Day 2 |\n| Ministerial segment | Day 3 |\n\n\
Background: [IOM Southern Africa](https://www.iom.int)."
            .into(),
        venue: "Julius Nyerere International Convention Centre".into(),
        city: "Dar es Salaam".into(),
        host_country: "TZ".into(),
        timezone: "Africa/Dar_es_Salaam".into(),
        start_date: start.to_string(),
        end_date: (start + Duration::days(2)).to_string(),
        lang_en: Some("on".into()),
        lang_fr: Some("on".into()),
        lang_pt: Some("on".into()),
        chair: "United Republic of Tanzania (MIDSA Chair)".into(),
        co_organisers: "IOM Regional Office for Southern Africa\nSADC Secretariat\nUNHCR".into(),
        ..Default::default()
    };
    let id = meetings::create(db, actor, &form).await.map_err(err)?;
    let m = meeting::Entity::find_by_id(id).one(db).await.map_err(err)?.ok_or("meeting vanished")?;
    meetings::transition(db, actor, id, &m.version.to_string(), "announced").await.map_err(err)?;
    meetings::transition(db, actor, id, &(m.version + 1).to_string(), "registration_open").await.map_err(err)?;

    let d1 = start;
    let d2 = start + Duration::days(1);
    let d3 = start + Duration::days(2);
    let plenary = "Plenary Hall";
    agenda_seed(db, actor, id)
        .session(
            d1,
            "Registration and opening",
            plenary,
            "Permanent Secretary, Ministry of Home Affairs; Chair; United Republic of Tanzania",
            &[
                it("08:00", "09:00", "Registration of delegates", ""),
                it(
                    "09:00",
                    "09:15",
                    "Welcome remarks by the host",
                    "Permanent Secretary; Ministry of Home Affairs; United Republic of Tanzania",
                ),
                it("09:15", "09:30", "Opening remarks by IOM", "Regional Director; IOM Southern Africa; IOM"),
                it("09:30", "09:45", "Remarks by the SADC Secretariat", "Director, Politics, Defence and Security; SADC Secretariat"),
                it("09:45", "10:00", "Adoption of the agenda and programme of work", "Chair"),
                brk("10:00", "10:30", "Coffee break and group photo"),
            ],
        )
        .await?;
    agenda_seed(db, actor, id)
        .session(
            d1,
            "Session 1: Mixed migration trends in Southern Africa",
            plenary,
            "Head of Delegation; Senior Officials Chair; Botswana",
            &[
                it("10:30", "11:00", "Regional overview of mixed migration flows", "Regional Data Hub; IOM"),
                it("11:00", "11:20", "Protection needs of refugees and asylum seekers", "Senior Protection Officer; UNHCR"),
                it("11:20", "11:40", "Migration along the Southern Route", "Researcher; Mixed Migration Centre"),
                it("11:40", "12:30", "Plenary discussion", ""),
                brk("12:30", "13:30", "Lunch"),
            ],
        )
        .await?;
    agenda_seed(db, actor, id)
        .session(
            d1,
            "Session 2: Country presentations",
            plenary,
            "",
            &[
                it("13:30", "13:45", "Angola", "Head of Delegation; ; Angola"),
                it("13:45", "14:00", "Botswana", "Head of Delegation; ; Botswana"),
                it("14:00", "14:15", "Comoros", "Head of Delegation; ; Comoros"),
                it("14:15", "14:30", "Democratic Republic of the Congo", "Head of Delegation; ; Democratic Republic of the Congo"),
                it("14:30", "14:45", "Eswatini", "Head of Delegation; ; Eswatini"),
                it("14:45", "15:00", "Lesotho", "Head of Delegation; ; Lesotho"),
                brk("15:00", "15:30", "Coffee break"),
                it("15:30", "15:45", "Madagascar", "Head of Delegation; ; Madagascar"),
                it("15:45", "16:00", "Malawi", "Head of Delegation; ; Malawi"),
                it("16:00", "16:15", "Mauritius", "Head of Delegation; ; Mauritius"),
                it("16:15", "16:30", "Mozambique", "Head of Delegation; ; Mozambique"),
                it("16:30", "17:00", "Discussion and wrap-up of day 1", "Rapporteur; IOM"),
            ],
        )
        .await?;
    agenda_seed(db, actor, id)
        .session(
            d2,
            "Session 3: Country presentations (continued)",
            plenary,
            "",
            &[
                it("09:00", "09:15", "Namibia", "Head of Delegation; ; Namibia"),
                it("09:15", "09:30", "Seychelles", "Head of Delegation; ; Seychelles"),
                it("09:30", "09:45", "South Africa", "Head of Delegation; ; South Africa"),
                it("09:45", "10:00", "United Republic of Tanzania", "Head of Delegation; ; United Republic of Tanzania"),
                it("10:00", "10:15", "Zambia", "Head of Delegation; ; Zambia"),
                it("10:15", "10:30", "Zimbabwe", "Head of Delegation; ; Zimbabwe"),
                brk("10:30", "11:00", "Coffee break"),
            ],
        )
        .await?;
    agenda_seed(db, actor, id)
        .session(
            d2,
            "Session 4: Protection-sensitive border management",
            "Room Kilimanjaro",
            "Commissioner General; Immigration; Zambia",
            &[
                it("11:00", "11:20", "Integrated border management in SADC", "Programme Officer; SADC Secretariat"),
                it("11:20", "11:40", "Identifying vulnerable migrants at the border", "Protection Specialist; IOM"),
                it("11:40", "12:00", "Case study: one-stop border posts", "Border Management Expert; ; Zambia"),
                it("12:00", "12:30", "Questions and answers", ""),
                brk("12:30", "13:30", "Lunch"),
            ],
        )
        .await?;
    agenda_seed(db, actor, id)
        .session(
            d2,
            "Session 5: Trafficking in persons and migrant smuggling",
            "Room Kilimanjaro",
            "Director; Anti-Trafficking Unit; South Africa",
            &[
                it("13:30", "13:50", "SADC Regional Trafficking in Persons Data Collection System", "Programme Officer; SADC Secretariat"),
                it("13:50", "14:10", "Prosecuting smuggling networks", "Regional Adviser; UNODC"),
                it("14:10", "14:30", "Assistance to victims: national referral mechanisms", "Counter-Trafficking Officer; IOM"),
                it("14:30", "15:00", "Discussion", ""),
                brk("15:00", "15:30", "Coffee break"),
            ],
        )
        .await?;
    agenda_seed(db, actor, id)
        .session(
            d2,
            "Session 6: Labour migration and the Plan of Action",
            plenary,
            "Director; Labour Migration; Malawi",
            &[
                it("15:30", "15:50", "SADC Labour Migration Action Plan: progress", "Senior Officer; SADC Secretariat"),
                it("15:50", "16:10", "Portability of social security benefits", "Expert; ILO"),
                it("16:10", "16:40", "Review of the MIDSA Plan of Action recommendations", "Programme Manager; IOM"),
                it("16:40", "17:15", "Adoption of the senior officials’ report", "Rapporteur"),
                it("17:15", "17:30", "Closing of the senior officials’ segment", "Chair"),
            ],
        )
        .await?;
    agenda_seed(db, actor, id)
        .session(
            d3,
            "Ministerial segment: opening",
            plenary,
            "Minister of Home Affairs; Chair; United Republic of Tanzania",
            &[
                it("09:00", "09:30", "Arrival of ministers and heads of delegation", ""),
                it("09:30", "09:45", "Official opening", "Minister of Home Affairs; ; United Republic of Tanzania"),
                it("09:45", "10:00", "Statement by the Director General of IOM", "Director General; IOM"),
                it("10:00", "10:15", "Statement by the SADC Executive Secretary", "Executive Secretary; SADC Secretariat"),
                brk("10:15", "10:45", "Coffee break and ministerial photo"),
            ],
        )
        .await?;
    agenda_seed(db, actor, id)
        .session(
            d3,
            "Ministerial segment: deliberations",
            plenary,
            "Minister of Home Affairs; Chair; United Republic of Tanzania",
            &[
                it("10:45", "11:15", "Presentation of the senior officials’ report", "Chair of Senior Officials; ; Botswana"),
                it("11:15", "12:30", "Ministerial round table on mixed migration", "Ministers of the 16 member states"),
                brk("12:30", "14:00", "Ministerial lunch"),
                it("14:00", "15:00", "Consideration of the draft Plan of Action 2027–2029", ""),
                it("15:00", "15:30", "Adoption of the Dar es Salaam Declaration", "Chair"),
                brk("15:30", "16:00", "Coffee break"),
                it("16:00", "16:20", "Handover of the MIDSA chairship", "Minister of Home Affairs; ; United Republic of Tanzania"),
                it("16:20", "16:40", "Vote of thanks", "Head of Delegation; ; Zimbabwe"),
                it("16:40", "17:00", "Closing ceremony", ""),
                it("17:00", "17:30", "Press conference", "Chair; ; United Republic of Tanzania"),
                it("19:00", "21:00", "Official dinner hosted by the Government of Tanzania", ""),
            ],
        )
        .await?;
    agenda::publish(db, actor, &PublishForm { meeting_id: id.to_string(), note: "Provisional agenda.".into() }).await.map_err(err)?;

    // A second revision: the Mozambique presentation moves and a side event is added.
    let draft = agenda::editor(db, actor, id).await.map_err(err)?;
    let session =
        draft.draft.days.iter().flat_map(|d| &d.sessions).find(|s| s.title.starts_with("Session 2")).ok_or("session 2 missing")?;
    let wrap = session.items.iter().find(|i| i.title.starts_with("Discussion and wrap-up")).ok_or("wrap-up missing")?;
    agenda::save_item(
        db,
        actor,
        &ItemForm {
            meeting_id: id.to_string(),
            id: wrap.id.to_string(),
            version: wrap.version.to_string(),
            session_id: session.id.to_string(),
            kind: "item".into(),
            start: "16:30".into(),
            end: "17:15".into(),
            title: "Discussion and wrap-up of day 1".into(),
            speakers: "Rapporteur; IOM".into(),
            description: "Summary of the day’s discussions by the rapporteur, followed by comments from the floor.".into(),
            ..Default::default()
        },
    )
    .await
    .map_err(err)?;
    agenda_seed(db, actor, id)
        .session(
            d2,
            "Side event: migration and health",
            "Room Serengeti",
            "",
            &[it(
                "17:30",
                "18:30",
                "Cross-border health services for mobile populations",
                "Migration Health Officer; IOM\nRegional Adviser; WHO",
            )],
        )
        .await?;
    agenda::publish(
        db,
        actor,
        &PublishForm { meeting_id: id.to_string(), note: "Longer day-1 wrap-up; side event on migration and health added.".into() },
    )
    .await
    .map_err(err)?;
    content_translations(db, actor, id).await?;
    Ok(id)
}

/// French for the conference's title, description and part of its agenda, Portuguese for its
/// title only: the demo shows translated texts and the note on those not yet translated.
async fn content_translations(db: &DatabaseConnection, actor: &CurrentUser, id: i32) -> Result<(), String> {
    use app::features::translations::{service as tr, types::TranslationForm};
    const FR: &[(&str, &str)] = &[
        ("MIDSA Ministerial Conference on Mixed Migration", "Conférence ministérielle du MIDSA sur les migrations mixtes"),
        ("Registration and opening", "Inscription et ouverture"),
        ("Registration of delegates", "Inscription des délégués"),
        ("Welcome remarks by the host", "Mot de bienvenue du pays hôte"),
        ("Opening remarks by IOM", "Allocution d’ouverture de l’OIM"),
        ("Remarks by the SADC Secretariat", "Allocution du Secrétariat de la SADC"),
        ("Adoption of the agenda and programme of work", "Adoption de l’ordre du jour et du programme de travail"),
        ("Coffee break and group photo", "Pause-café et photo de groupe"),
        ("Session 1: Mixed migration trends in Southern Africa", "Séance 1 : tendances des migrations mixtes en Afrique australe"),
        ("Regional overview of mixed migration flows", "Aperçu régional des flux migratoires mixtes"),
        ("Protection needs of refugees and asylum seekers", "Besoins de protection des réfugiés et des demandeurs d’asile"),
        ("Plenary discussion", "Débat en plénière"),
        ("Lunch", "Déjeuner"),
        ("Coffee break", "Pause-café"),
    ];
    const FR_DESCRIPTION: &str = "Le Dialogue sur les migrations pour l’Afrique australe réunit les ministres chargés des \
migrations des 16 États membres de la SADC.\n\nCette conférence examine les **flux migratoires mixtes** dans la région, \
la gestion des frontières respectueuse de la protection et l’avancement du *Plan d’action du MIDSA*.";
    const PT_TITLE: &str = "Conferência Ministerial do MIDSA sobre Migração Mista";
    let bench = tr::workbench(db, actor, id, "fr").await.map_err(err)?;
    let mut form = TranslationForm { meeting_id: id.to_string(), lang: "fr".into(), ..Default::default() };
    for e in &bench.entries {
        let text = if e.key == format!("meeting:{id}:description") {
            Some(FR_DESCRIPTION)
        } else {
            FR.iter().find(|(en, _)| *en == e.source).map(|(_, fr)| *fr)
        };
        if let Some(text) = text {
            form.keys.push(e.key.clone());
            form.texts.push(text.to_string());
        }
    }
    tr::save(db, actor, &form).await.map_err(err)?;
    let pt = TranslationForm {
        meeting_id: id.to_string(),
        lang: "pt".into(),
        keys: vec![format!("meeting:{id}:title")],
        texts: vec![PT_TITLE.into()],
        bases: vec![],
        sources: vec![],
    };
    tr::save(db, actor, &pt).await.map_err(err)?;
    Ok(())
}

async fn working_group(db: &DatabaseConnection, actor: &CurrentUser, start: NaiveDate) -> Result<i32, String> {
    let form = MeetingForm {
        kind: "technical_working_group".into(),
        title: "MIDSA Technical Working Group on Migration Data".into(),
        description: "Technical experts from national statistics offices and immigration departments review the \
regional migration data harmonisation work."
            .into(),
        venue: "Avani Gaborone Resort".into(),
        city: "Gaborone".into(),
        host_country: "BW".into(),
        timezone: "Africa/Gaborone".into(),
        start_date: start.to_string(),
        end_date: (start + Duration::days(1)).to_string(),
        lang_en: Some("on".into()),
        lang_pt: Some("on".into()),
        chair: "Botswana".into(),
        co_organisers: "IOM\nSADC Secretariat".into(),
        ..Default::default()
    };
    let id = meetings::create(db, actor, &form).await.map_err(err)?;
    for (version, to) in (1..).zip(["announced", "registration_open", "registration_closed", "held"]) {
        meetings::transition(db, actor, id, &version.to_string(), to).await.map_err(err)?;
    }
    agenda_seed(db, actor, id)
        .session(
            start,
            "Opening and data landscape",
            "Main room",
            "Government Statistician; Chair; Botswana",
            &[
                it("09:00", "09:30", "Opening", "Government Statistician; ; Botswana"),
                it("09:30", "10:30", "Regional migration data landscape", "Data Officer; IOM"),
                brk("10:30", "11:00", "Coffee break"),
                it("11:00", "12:30", "Harmonising definitions across member states", "Statistician; SADC Secretariat"),
            ],
        )
        .await?;
    agenda_seed(db, actor, id)
        .session(
            start + Duration::days(1),
            "Recommendations",
            "Main room",
            "",
            &[it("09:00", "11:00", "Drafting of recommendations", ""), it("11:00", "12:00", "Adoption of the report", "Chair")],
        )
        .await?;
    agenda::publish(db, actor, &PublishForm { meeting_id: id.to_string(), note: String::new() }).await.map_err(err)?;
    Ok(id)
}

/// The indicator set of the migration profiles: (code, English, French, Portuguese, unit, chapter).
const PROFILE_INDICATORS: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("population", "Total population", "Population totale", "População total", "persons", "context"),
    (
        "stock.immigrants",
        "International migrant stock",
        "Stock de migrants internationaux",
        "Stock de migrantes internacionais",
        "persons",
        "immigration",
    ),
    (
        "stock.immigrants.share",
        "Migrants as a share of the population",
        "Part des migrants dans la population",
        "Migrantes em percentagem da população",
        "%",
        "immigration",
    ),
    ("emigrants", "Emigrants abroad", "Émigrants à l’étranger", "Emigrantes no estrangeiro", "persons", "emigration"),
    (
        "refugees.hosted",
        "Refugees and asylum seekers hosted",
        "Réfugiés et demandeurs d’asile accueillis",
        "Refugiados e requerentes de asilo acolhidos",
        "persons",
        "forced_migration",
    ),
    (
        "idps",
        "Internally displaced persons",
        "Personnes déplacées internes",
        "Pessoas deslocadas internamente",
        "persons",
        "forced_migration",
    ),
    (
        "work.permits",
        "Work permits issued to foreign nationals",
        "Permis de travail délivrés à des étrangers",
        "Autorizações de trabalho emitidas a estrangeiros",
        "permits per year",
        "labour_migration",
    ),
    (
        "trafficking.victims",
        "Identified victims of trafficking",
        "Victimes de la traite identifiées",
        "Vítimas de tráfico identificadas",
        "persons per year",
        "irregular_migration",
    ),
    ("remittances.inflow", "Remittance inflows", "Envois de fonds reçus", "Remessas recebidas", "USD million", "diaspora"),
    (
        "remittances.gdp",
        "Remittance inflows as a share of GDP",
        "Envois de fonds reçus en part du PIB",
        "Remessas recebidas em percentagem do PIB",
        "% of GDP",
        "diaspora",
    ),
];

/// Demonstration values (illustrative, not official statistics): per state, its editions with
/// (indicator code, value, reference year); a state's next edition is often incomplete.
/// An edition's values: (indicator code, value, reference year).
type DemoValues = &'static [(&'static str, f64, i32)];

const PROFILE_EDITIONS: &[(&str, i32, DemoValues)] = &[
    (
        "TZ",
        2022,
        &[
            ("population", 61_700_000.0, 2021),
            ("stock.immigrants", 426_000.0, 2020),
            ("stock.immigrants.share", 0.7, 2020),
            ("emigrants", 335_000.0, 2020),
            ("refugees.hosted", 247_000.0, 2021),
            ("remittances.inflow", 569.0, 2021),
            ("remittances.gdp", 0.8, 2021),
        ],
    ),
    (
        "TZ",
        2024,
        &[
            ("population", 61_741_120.0, 2022),
            ("stock.immigrants", 449_000.0, 2023),
            ("stock.immigrants.share", 0.7, 2023),
            ("emigrants", 351_000.0, 2023),
            ("refugees.hosted", 205_000.0, 2023),
            ("work.permits", 11_400.0, 2023),
            ("trafficking.victims", 94.0, 2023),
            ("remittances.inflow", 751.0, 2023),
            ("remittances.gdp", 1.0, 2023),
        ],
    ),
    (
        "MZ",
        2021,
        &[
            ("population", 31_300_000.0, 2020),
            ("stock.immigrants", 338_000.0, 2020),
            ("emigrants", 699_000.0, 2020),
            ("idps", 732_000.0, 2021),
            ("remittances.inflow", 312.0, 2020),
        ],
    ),
    (
        "MZ",
        2024,
        &[
            ("population", 33_900_000.0, 2023),
            ("stock.immigrants", 341_000.0, 2023),
            ("stock.immigrants.share", 1.0, 2023),
            ("emigrants", 718_000.0, 2023),
            ("idps", 582_000.0, 2023),
            ("refugees.hosted", 29_000.0, 2023),
            ("trafficking.victims", 61.0, 2022),
            ("remittances.inflow", 375.0, 2023),
            ("remittances.gdp", 1.8, 2023),
        ],
    ),
    (
        "ZA",
        2020,
        &[
            ("population", 59_300_000.0, 2020),
            ("stock.immigrants", 2_860_000.0, 2020),
            ("stock.immigrants.share", 4.8, 2020),
            ("refugees.hosted", 250_000.0, 2019),
            ("work.permits", 16_000.0, 2019),
        ],
    ),
    (
        "ZA",
        2023,
        &[
            ("population", 62_000_000.0, 2022),
            ("stock.immigrants", 2_420_000.0, 2022),
            ("stock.immigrants.share", 3.9, 2022),
            ("emigrants", 915_000.0, 2020),
            ("refugees.hosted", 240_000.0, 2022),
            ("work.permits", 18_600.0, 2022),
            ("trafficking.victims", 131.0, 2022),
            ("remittances.inflow", 925.0, 2022),
            ("remittances.gdp", 0.2, 2022),
        ],
    ),
    (
        "ZM",
        2024,
        &[
            ("population", 19_600_000.0, 2022),
            ("stock.immigrants", 188_000.0, 2022),
            ("refugees.hosted", 100_000.0, 2023),
            ("remittances.inflow", 116.0, 2023),
        ],
    ),
];

/// Chapters of the demo profiles: (state, chapter, language, Markdown).
const PROFILE_TEXTS: &[(&str, &str, Lang, &str)] = &[
    ("TZ", "context", Lang::En, "The United Republic of Tanzania is a country of **origin, transit and destination**. Its profile is prepared by the national technical working group chaired by the Immigration Department, with the National Bureau of Statistics."),
    ("TZ", "immigration", Lang::En, "Most immigrants come from neighbouring states of the East African Community and SADC; the 2022 census is the main source."),
    ("TZ", "forced_migration", Lang::En, "Tanzania hosts refugees mainly from Burundi and the Democratic Republic of the Congo, in the Kigoma region camps."),
    ("TZ", "data_gaps", Lang::En, "- Emigration is estimated from destination countries' data only.\n- Labour migration data are held by three ministries without a common register."),
    ("TZ", "recommendations", Lang::En, "1. Harmonise the work permit and residence registers.\n2. Add a migration module to the next labour force survey."),
    ("TZ", "context", Lang::Fr, "La République-Unie de Tanzanie est un pays **d’origine, de transit et de destination**."),
    ("MZ", "context", Lang::Pt, "Moçambique é sobretudo um país de **origem** de migrantes laborais para a África do Sul, e acolhe deslocados internos no norte."),
    ("MZ", "diaspora", Lang::Pt, "As remessas dos mineiros moçambicanos na África do Sul são uma fonte importante de rendimento nas províncias do sul."),
    ("MZ", "governance", Lang::Pt, "A Política de Migração de 2017 orienta o trabalho do grupo técnico, coordenado pelo Serviço Nacional de Migração."),
    ("ZA", "context", Lang::En, "South Africa is the main destination for labour migration in the region."),
    ("ZA", "labour_migration", Lang::En, "Critical skills and general work visas are issued by the Department of Home Affairs."),
    ("ZM", "context", Lang::En, "Zambia is a country of transit and destination, hosting refugees from the Great Lakes region."),
];

/// Migration profiles: the indicator set, the working groups of Tanzania and Mozambique, and
/// published editions of four states (three with two editions), Tanzania's next one in review.
async fn migration_profiles(db: &DatabaseConnection, actor: &CurrentUser) -> Result<(), String> {
    use app::features::profiles::{service as profiles, types::*};
    use app::ssr::entities::profile_edition;
    let now = Utc::now();
    let mut ids = std::collections::HashMap::new();
    for (n, (code, en, fr, pt, unit, chapter)) in PROFILE_INDICATORS.iter().enumerate() {
        let form = IndicatorForm {
            code: code.to_string(),
            name_en: en.to_string(),
            name_fr: fr.to_string(),
            name_pt: pt.to_string(),
            unit: unit.to_string(),
            chapter: chapter.to_string(),
            position: ((n + 1) * 10).to_string(),
            ..Default::default()
        };
        ids.insert(*code, profiles::save_indicator(db, actor, &form).await.map_err(err)?);
    }
    let user = |email: &'static str| async move {
        app_user::Entity::find()
            .filter(app_user::Column::Email.eq(email))
            .one(db)
            .await
            .map_err(err)?
            .as_ref()
            .and_then(app::ssr::auth::to_current_user)
            .ok_or_else(|| format!("no demo account {email}"))
    };
    let (tz, mz) = (user("focal.tz@midsa.example").await?, user("focal.mz@midsa.example").await?);
    let members: &[(&CurrentUser, &str, &str, &str, &str, &str, bool)] = &[
        (&tz, "TZ", "Grace Mushi", "Commissioner for Immigration", "Immigration Department", "", true),
        (&tz, "TZ", "Juma Mwakyusa", "Director of Policy", "Ministry of Home Affairs", "juma.mwakyusa@gov.tz.example", false),
        (&tz, "TZ", "Rehema Ally", "Senior Statistician", "National Bureau of Statistics", "", false),
        (&tz, "TZ", "Peter Lyimo", "Labour Officer", "Prime Minister’s Office (Labour)", "", false),
        (&mz, "MZ", "Ana Cossa", "Directora Nacional", "Serviço Nacional de Migração", "", true),
        (&mz, "MZ", "Carlos Nhantumbo", "Estatístico", "Instituto Nacional de Estatística", "", false),
    ];
    for (fp, country, name, function, ministry, email, chair) in members {
        let form = MemberForm {
            country: country.to_string(),
            name: name.to_string(),
            function: function.to_string(),
            ministry: ministry.to_string(),
            email: email.to_string(),
            chair: if *chair { "on".into() } else { String::new() },
        };
        profiles::add_member(db, fp, &form).await.map_err(err)?;
    }
    for (fp, country, ministries) in [
        (&tz, "TZ", "Ministry of Home Affairs (Immigration Department)\nNational Bureau of Statistics\nPrime Minister’s Office (Labour)\nMinistry of Foreign Affairs"),
        (&mz, "MZ", "Ministério do Interior (SENAMI)\nInstituto Nacional de Estatística\nMinistério do Trabalho"),
    ] {
        let form = TwgForm { country: country.into(), version: "0".into(), ministries: ministries.into(), public: "on".into() };
        profiles::save_twg(db, fp, &form).await.map_err(err)?;
    }
    // Tanzania's group meets to review its next edition (a meeting of its own, linked to it).
    let start = (now + Duration::days(45)).date_naive();
    let form = MeetingForm {
        kind: "technical_working_group".into(),
        title: "Tanzania national technical working group on migration: review of the 2026 profile".into(),
        description: "The working group reviews the chapters and indicator table of the 2026 edition before validation.".into(),
        venue: "Immigration Department headquarters".into(),
        city: "Dodoma".into(),
        host_country: "TZ".into(),
        timezone: "Africa/Dar_es_Salaam".into(),
        start_date: start.to_string(),
        end_date: start.to_string(),
        lang_en: Some("on".into()),
        chair: "Grace Mushi".into(),
        ..Default::default()
    };
    let twg_meeting = meetings::create(db, actor, &form).await.map_err(err)?;
    meetings::transition(db, actor, twg_meeting, "1", "announced").await.map_err(err)?;
    profiles::link_meeting(db, &tz, &GroupMeetingForm { country: "TZ".into(), meeting_id: twg_meeting.to_string() }).await.map_err(err)?;
    let edition = |country: &str, year: i32| {
        let country = country.to_string();
        async move {
            profile_edition::Entity::find()
                .filter(profile_edition::Column::CountryCode.eq(country.as_str()))
                .filter(profile_edition::Column::Year.eq(year))
                .one(db)
                .await
                .map_err(err)?
                .ok_or_else(|| format!("no {year} edition of {country}"))
        }
    };
    for (country, year, values) in PROFILE_EDITIONS {
        profiles::new_edition(db, actor, &NewEditionForm { country: country.to_string(), year: year.to_string() }, now)
            .await
            .map_err(err)?;
        let e = edition(country, *year).await?;
        // The next edition starts as a copy: texts are written once, in the first edition.
        if e.copied_from.is_none() {
            for (_, chapter, lang, text) in PROFILE_TEXTS.iter().filter(|t| t.0 == *country) {
                let form = ChapterForm {
                    edition_id: e.id.to_string(),
                    chapter: chapter.to_string(),
                    lang: lang.code().into(),
                    version: "0".into(),
                    body: text.to_string(),
                };
                profiles::save_chapter(db, actor, &form).await.map_err(err)?;
            }
        }
        // The table holds every indicator: the edition's values, the others left empty (at the
        // edition's version after the chapters, which move it on).
        let e = edition(country, *year).await?;
        let form = ValuesForm {
            edition_id: e.id.to_string(),
            version: e.version.to_string(),
            indicator: PROFILE_INDICATORS.iter().map(|i| ids[i.0].to_string()).collect(),
            value: PROFILE_INDICATORS
                .iter()
                .map(|i| values.iter().find(|v| v.0 == i.0).map(|v| app::domain::profile::format_value(v.1)).unwrap_or_default())
                .collect(),
            year: PROFILE_INDICATORS
                .iter()
                .map(|i| values.iter().find(|v| v.0 == i.0).map(|v| v.2.to_string()).unwrap_or_default())
                .collect(),
            source: PROFILE_INDICATORS
                .iter()
                .map(|i| if values.iter().any(|v| v.0 == i.0) { "Demonstration data".to_string() } else { String::new() })
                .collect(),
            note: PROFILE_INDICATORS.iter().map(|_| String::new()).collect(),
        };
        profiles::save_values(db, actor, &form).await.map_err(err)?;
        // Each state's own focal point validates; the secretariat sends to review and publishes.
        let fp = user(match *country {
            "TZ" => "focal.tz@midsa.example",
            "MZ" => "focal.mz@midsa.example",
            "ZA" => "focal.za@midsa.example",
            _ => "focal.zm@midsa.example",
        })
        .await?;
        for to in ["review", "validated", "published"] {
            let e = edition(country, *year).await?;
            let by = if to == "validated" { &fp } else { actor };
            let form = ProfileStepForm { edition_id: e.id.to_string(), version: e.version.to_string(), to: to.into() };
            profiles::step(db, by, &form, now).await.map_err(err)?;
        }
    }
    // Tanzania's next edition, in review by its working group.
    profiles::new_edition(db, &tz, &NewEditionForm { country: "TZ".into(), year: "2026".into() }, now).await.map_err(err)?;
    let e = edition("TZ", 2026).await?;
    let form = ProfileStepForm { edition_id: e.id.to_string(), version: e.version.to_string(), to: "review".into() };
    profiles::step(db, &tz, &form, now).await.map_err(err)?;
    let comment = ProfileCommentForm {
        edition_id: e.id.to_string(),
        chapter: "immigration".into(),
        body: "Please add the 2022 census figures by region.".into(),
    };
    profiles::comment(db, &tz, &comment).await.map_err(err)?;
    Ok(())
}
