//! Invitation letters (for a visa application) and certificates of attendance, as PDF files
//! (`ssr::pdf`), in the participant's language: the meeting's details, the participant's name,
//! function and country or organisation, a reference number, and the letterhead, signature and
//! signatory the secretariat set for the meeting (`letter_settings`).
//!
//! Who gets which: an invitation letter for a registration that takes part (approved and, in a
//! delegation, vouched for); a certificate for one that was checked in, from the meeting's last
//! day. The secretariat may download any, one by one or all of a meeting's as one ZIP; a
//! participant their own (the signed-in account whose email is the registration's).

use super::*;
use crate::features::registration::types::LetterSettingsView;
use crate::ssr::blob::{hex, lock_blob, FileStore};
use crate::ssr::entities::letter_settings;
use crate::ssr::pdf::{Align, Block, Image};
use sha2::{Digest, Sha256};

/// Which document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LetterKind {
    Invitation,
    Certificate,
}

impl LetterKind {
    fn code(self) -> &'static str {
        match self {
            LetterKind::Invitation => "INV",
            LetterKind::Certificate => "CERT",
        }
    }

    /// The file name's stem: `invitation` or `certificate`.
    pub fn stem(self) -> &'static str {
        match self {
            LetterKind::Invitation => "invitation",
            LetterKind::Certificate => "certificate",
        }
    }
}

/// Whether the registration may have this document now (whoever asks).
fn eligible(m: &meeting::Model, r: &registration::Model, kind: LetterKind, now: DateTime<Utc>) -> ServiceResult<()> {
    if !crate::ssr::access::row_participates(r) {
        return Err(FieldError::new("registration", ErrorCode::NotApproved).into());
    }
    if kind == LetterKind::Certificate {
        if r.checked_in_at.is_none() {
            return Err(FieldError::new("registration", ErrorCode::NotApproved).into());
        }
        if crate::domain::venue_today(&m.timezone, now) < m.end_date {
            return Err(FieldError::new("registration", ErrorCode::WrongStep).into());
        }
    }
    Ok(())
}

/// The secretariat, or the person the registration is for (by their account's email).
fn may_have(viewer: Option<&CurrentUser>, r: &registration::Model) -> bool {
    viewer.is_some_and(|u| u.is_secretariat() || u.email.eq_ignore_ascii_case(&r.email))
}

/// What every letter of a meeting shares: its titles in the three languages, the images and
/// the signatory.
pub struct LetterContext {
    meeting: meeting::Model,
    titles: Vec<(Lang, String)>,
    /// The letterhead's and the signature's bytes as stored, decoded by [`LetterContext::decode`]
    /// (on a blocking thread: decoding a large PNG is seconds of CPU).
    raw: [Option<Vec<u8>>; 2],
    images: Vec<Image>,
    letterhead: Option<usize>,
    signature: Option<usize>,
    signatory_name: String,
    signatory_title: String,
    today: chrono::NaiveDate,
}

async fn context(db: &impl ConnectionTrait, store: &FileStore, m: meeting::Model, now: DateTime<Utc>) -> ServiceResult<LetterContext> {
    let mut titles = vec![];
    for lang in Lang::ALL {
        titles.push((lang, crate::features::translations::service::title_in(db, &m, lang).await?));
    }
    let s = letter_settings::Entity::find_by_id(m.id).one(db).await?;
    // Checked when uploaded; a file that is missing is left out rather than failing every letter.
    let load = async |sha: Option<&String>| -> Option<Vec<u8>> {
        match store.get(sha?).await {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                tracing::warn!(error = ?e, "a letter image is missing from the file store");
                None
            }
        }
    };
    let raw = [
        load(s.as_ref().and_then(|s| s.letterhead_sha256.as_ref())).await,
        load(s.as_ref().and_then(|s| s.signature_sha256.as_ref())).await,
    ];
    let today = crate::domain::venue_today(&m.timezone, now);
    Ok(LetterContext {
        meeting: m,
        titles,
        raw,
        images: vec![],
        letterhead: None,
        signature: None,
        signatory_name: s.as_ref().map(|s| s.signatory_name.clone()).unwrap_or_default(),
        signatory_title: s.as_ref().map(|s| s.signatory_title.clone()).unwrap_or_default(),
        today,
    })
}

impl LetterContext {
    /// Decodes the letterhead and the signature (once); an image that no longer reads is left out.
    pub fn decode(&mut self) {
        for (slot, raw) in self.raw.iter_mut().enumerate() {
            let Some(img) = raw.take().and_then(|b| Image::read("image", &b).ok()) else { continue };
            self.images.push(img);
            let at = Some(self.images.len() - 1);
            if slot == 0 {
                self.letterhead = at;
            } else {
                self.signature = at;
            }
        }
    }
}

/// The document's reference number: `MIDSA/<meeting>/<INV|CERT>/<registration>`.
pub fn reference(meeting_id: i32, registration_id: i32, kind: LetterKind) -> String {
    format!("MIDSA/{meeting_id}/{}/{registration_id:05}", kind.code())
}

fn first_lower(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_lowercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// The PDF of one registration's letter or certificate.
pub fn render_letter(ctx: &LetterContext, r: &registration::Model, kind: LetterKind) -> Vec<u8> {
    use crate::i18n::{format_date, format_date_range, Strings};
    let lang = r.locale;
    let t = Strings::get(lang);
    let m = &ctx.meeting;
    let title = ctx.titles.iter().find(|(l, _)| *l == lang).map(|(_, t)| t.clone()).unwrap_or_else(|| m.title.clone());
    let host = CountryCode::parse("c", &m.host_country).map(|c| c.name(lang).to_string()).unwrap_or_else(|_| m.host_country.clone());
    let dates = format_date_range(lang, m.start_date, m.end_date);
    let name =
        [r.title.trim(), r.given_name.trim(), r.family_name.trim()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
    let affiliation = r
        .country_code
        .as_deref()
        .and_then(|c| CountryCode::parse("c", c).ok())
        .map(|c| c.name(lang).to_string())
        .unwrap_or_else(|| r.organisation.clone());
    let function = if r.ministry.trim().is_empty() { r.position.clone() } else { format!("{}, {}", r.position, r.ministry) };
    let fill = |s: &str| {
        s.replace("{meeting}", &title)
            .replace("{venue}", &m.venue)
            .replace("{city}", &m.city)
            .replace("{country}", &host)
            .replace("{dates}", &dates)
            .replace("{name}", &name)
            .replace("{category}", &first_lower(t.reg_category(r.category)))
            .replace("{affiliation}", &affiliation)
    };
    let text = |text: String, size: f32| Block::Text { text, size, bold: false, align: Align::Left };
    let mut b = vec![];
    match ctx.letterhead {
        Some(i) => b.push(Block::Image { index: i, width: 467.0, max_height: 110.0, align: Align::Center }),
        None => {
            b.push(Block::Text { text: t.app_tagline.to_string(), size: 15.0, bold: true, align: Align::Center });
            b.push(Block::Text { text: t.letter_secretariat.to_string(), size: 10.0, bold: false, align: Align::Center });
        }
    }
    b.push(Block::Space(18.0));
    let reference = t.letter_reference.replace("{r}", &reference(m.id, r.id, kind));
    let issued = t.letter_issued.replace("{date}", &format_date(lang, ctx.today));
    match kind {
        LetterKind::Invitation => {
            b.push(Block::Split { left: reference, right: issued, size: 10.0 });
            b.push(Block::Space(14.0));
            b.push(Block::Text { text: t.letter_to.to_string(), size: 10.0, bold: false, align: Align::Left });
            b.push(Block::Text { text: name.clone(), size: 11.0, bold: true, align: Align::Left });
            b.push(text(function.clone(), 11.0));
            b.push(text(affiliation.clone(), 11.0));
            b.push(Block::Space(14.0));
            b.push(Block::Text { text: fill(t.letter_subject), size: 11.0, bold: true, align: Align::Left });
            b.push(Block::Space(10.0));
            b.push(text(t.letter_salutation.to_string(), 11.0));
            b.push(Block::Space(6.0));
            b.push(text(fill(t.letter_invitation_body), 11.0));
            b.push(Block::Space(8.0));
            b.push(text(t.letter_visa.to_string(), 11.0));
            b.push(Block::Space(4.0));
            let mut facts = vec![(t.letter_name, name.clone()), (t.letter_function, function), (t.letter_affiliation, affiliation.clone())];
            if !r.passport_number.trim().is_empty() {
                facts.push((t.letter_passport, r.passport_number.clone()));
            }
            for (k, v) in facts {
                b.push(text(format!("\u{2022} {k}{}{v}", t.colon), 11.0));
            }
            b.push(Block::Space(8.0));
            b.push(text(fill(t.letter_assist), 11.0));
            b.push(Block::Space(8.0));
            b.push(text(t.letter_closing.to_string(), 11.0));
        }
        LetterKind::Certificate => {
            b.push(Block::Space(40.0));
            b.push(Block::Text { text: t.letter_certificate.to_uppercase(), size: 22.0, bold: true, align: Align::Center });
            b.push(Block::Space(30.0));
            b.push(Block::Text { text: t.letter_certify.to_string(), size: 12.0, bold: false, align: Align::Center });
            b.push(Block::Space(10.0));
            b.push(Block::Text { text: name.clone(), size: 20.0, bold: true, align: Align::Center });
            b.push(Block::Text { text: format!("{function} \u{2014} {affiliation}"), size: 11.0, bold: false, align: Align::Center });
            b.push(Block::Space(14.0));
            b.push(Block::Text { text: fill(t.letter_attended), size: 12.0, bold: false, align: Align::Center });
            b.push(Block::Space(40.0));
            b.push(Block::Split { left: reference, right: issued, size: 10.0 });
        }
    }
    b.push(Block::Space(16.0));
    if let Some(i) = ctx.signature {
        b.push(Block::Image { index: i, width: 160.0, max_height: 60.0, align: Align::Left });
    } else {
        b.push(Block::Space(30.0));
    }
    if !ctx.signatory_name.is_empty() {
        b.push(Block::Text { text: ctx.signatory_name.clone(), size: 11.0, bold: true, align: Align::Left });
    }
    if !ctx.signatory_title.is_empty() {
        b.push(text(ctx.signatory_title.clone(), 11.0));
    }
    b.push(text(t.letter_secretariat.to_string(), 10.0));
    let doc_title = format!(
        "{} \u{2014} {name} \u{2014} {title}",
        if kind == LetterKind::Invitation { t.letter_invitation } else { t.letter_certificate }
    );
    crate::ssr::pdf::render(&doc_title, &b, &ctx.images)
}

/// One registration's letter or certificate: its file name and bytes. NotFound for whoever may
/// not have it (or not know it exists); a field error when it cannot be issued (yet).
pub async fn letter(
    db: &impl ConnectionTrait,
    store: &FileStore,
    viewer: Option<&CurrentUser>,
    registration_id: i32,
    kind: LetterKind,
    now: DateTime<Utc>,
) -> ServiceResult<(String, Vec<u8>)> {
    let r = registration::Entity::find_by_id(registration_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    if !may_have(viewer, &r) {
        return Err(ServiceError::NotFound);
    }
    let m = find_meeting(db, viewer, r.meeting_id).await?;
    eligible(&m, &r, kind, now)?;
    let mut ctx = context(db, store, m, now).await?;
    let name = format!("{}-{}-{:05}.pdf", kind.stem(), ctx.meeting.id, r.id);
    // Decoding the images and laying the PDF out is CPU work: off the request threads.
    let bytes = tokio::task::spawn_blocking(move || {
        ctx.decode();
        render_letter(&ctx, &r, kind)
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("letter: {e}")))?;
    Ok((name, bytes))
}

/// Everything the ZIP of a meeting's letters needs (secretariat): the shared context and the
/// registrations that may have the document, in the order of the participant list.
pub async fn letters_batch(
    db: &impl ConnectionTrait,
    store: &FileStore,
    actor: &CurrentUser,
    meeting_id: i32,
    kind: LetterKind,
    now: DateTime<Utc>,
) -> ServiceResult<(LetterContext, Vec<registration::Model>)> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let m = find_meeting(db, Some(actor), meeting_id).await?;
    if kind == LetterKind::Certificate && crate::domain::venue_today(&m.timezone, now) < m.end_date {
        return Err(FieldError::new("registration", ErrorCode::WrongStep).into());
    }
    let mut q =
        registration::Entity::find().filter(registration::Column::MeetingId.eq(meeting_id)).filter(crate::ssr::access::participates());
    if kind == LetterKind::Certificate {
        q = q.filter(registration::Column::CheckedInAt.is_not_null());
    }
    let rows = q
        .order_by_asc(registration::Column::CountryCode)
        .order_by_asc(registration::Column::FamilyName)
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?;
    Ok((context(db, store, m, now).await?, rows))
}

/// The name of a registration's file inside the ZIP: `<country or organisation>/<registration>-<family name>.pdf`, ASCII.
pub fn zip_entry_name(r: &registration::Model, kind: LetterKind) -> String {
    let ascii = |s: &str| -> String {
        let cleaned: String = s.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        let trimmed = cleaned.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
        trimmed.chars().take(40).collect()
    };
    let group = r.country_code.clone().filter(|c| !c.is_empty()).unwrap_or_else(|| ascii(&r.organisation));
    let group = if group.is_empty() { "other".to_string() } else { group };
    format!("{group}/{}-{:05}-{}.pdf", kind.stem(), r.id, ascii(&r.family_name))
}

/// Writes the letters of `rows` into a ZIP on `out`, one PDF at a time (for a streamed
/// download: `out` forwards the bytes as they come, and an error from it stops the work).
pub fn write_letters_zip<W: std::io::Write>(
    ctx: &mut LetterContext,
    rows: &[registration::Model],
    kind: LetterKind,
    out: W,
) -> std::io::Result<()> {
    use std::io::Write;
    ctx.decode();
    let mut zip = zip::ZipWriter::new_stream(out);
    // PDFs are compressed already (their content streams are deflated); stored as they are.
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for r in rows {
        zip.start_file(zip_entry_name(r, kind), options).map_err(std::io::Error::other)?;
        zip.write_all(&render_letter(ctx, r, kind))?;
    }
    zip.finish().map_err(std::io::Error::other)?.flush()
}

/// What the secretariat's letter form sends (a multipart form: the images as bytes).
#[derive(Clone, Debug, Default)]
pub struct LetterSettingsForm {
    pub meeting_id: String,
    pub signatory_name: String,
    pub signatory_title: String,
    pub letterhead: Option<Vec<u8>>,
    pub signature: Option<Vec<u8>>,
}

/// Whether a registration can download each document now (for its person's page).
pub fn letters_available(m: &meeting::Model, r: &registration::Model, now: DateTime<Utc>) -> (bool, bool) {
    (eligible(m, r, LetterKind::Invitation, now).is_ok(), eligible(m, r, LetterKind::Certificate, now).is_ok())
}

/// The meeting's letter settings, for the secretariat's form.
pub async fn letter_settings_view(db: &impl ConnectionTrait, actor: &CurrentUser, meeting_id: i32) -> ServiceResult<LetterSettingsView> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    find_meeting(db, Some(actor), meeting_id).await?;
    let s = letter_settings::Entity::find_by_id(meeting_id).one(db).await?;
    Ok(LetterSettingsView {
        meeting_id,
        has_letterhead: s.as_ref().is_some_and(|s| s.letterhead_sha256.is_some()),
        has_signature: s.as_ref().is_some_and(|s| s.signature_sha256.is_some()),
        signatory_name: s.as_ref().map(|s| s.signatory_name.clone()).unwrap_or_default(),
        signatory_title: s.as_ref().map(|s| s.signatory_title.clone()).unwrap_or_default(),
    })
}

/// Saves the letterhead and signature (when given: PNG or JPEG, decided by the content) and the
/// signatory (secretariat). An image not given stays as it was. Nothing is saved unless all is
/// valid.
pub async fn save_letter_settings(
    db: &DatabaseConnection,
    store: &FileStore,
    max_bytes: u64,
    actor: &CurrentUser,
    form: &LetterSettingsForm,
) -> ServiceResult<()> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let m = find_meeting(db, Some(actor), meeting_id).await?;
    let mut e = FieldErrors::new();
    let name = e.take(optional_text("signatory_name", &form.signatory_name, 200));
    let title = e.take(optional_text("signatory_title", &form.signatory_title, 200));
    let mut check = |field: &str, file: &Option<Vec<u8>>| match file {
        Some(bytes) if bytes.len() as u64 > max_bytes => {
            e.push(field, ErrorCode::FileTooLarge { max: Ord::max(max_bytes / (1024 * 1024), 1) as usize });
        }
        Some(bytes) => {
            e.take(Image::read(field, bytes));
        }
        None => {}
    };
    check("letterhead", &form.letterhead);
    check("signature", &form.signature);
    e.clone().finish()?;
    let (Some(name), Some(title)) = (name, title) else { return Err(e.into()) };
    let txn = crate::ssr::write_txn(db).await?;
    let put = async |file: &Option<Vec<u8>>| -> ServiceResult<Option<String>> {
        let Some(bytes) = file else { return Ok(None) };
        lock_blob(&txn, &hex(&Sha256::digest(bytes))).await?;
        Ok(Some(store.put(bytes).await?))
    };
    let letterhead = put(&form.letterhead).await?;
    let signature = put(&form.signature).await?;
    let before = letter_settings::Entity::find_by_id(meeting_id).one(&txn).await?;
    let row = letter_settings::ActiveModel {
        meeting_id: Set(meeting_id),
        letterhead_sha256: Set(letterhead.clone().or_else(|| before.as_ref().and_then(|b| b.letterhead_sha256.clone()))),
        signature_sha256: Set(signature.clone().or_else(|| before.as_ref().and_then(|b| b.signature_sha256.clone()))),
        signatory_name: Set(name.clone()),
        signatory_title: Set(title.clone()),
        updated_at: Set(Utc::now()),
    };
    // Two first saves at once: the second updates the row the first made (no key violation).
    use letter_settings::Column as C;
    letter_settings::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(C::MeetingId)
                .update_columns([C::LetterheadSha256, C::SignatureSha256, C::SignatoryName, C::SignatoryTitle, C::UpdatedAt])
                .to_owned(),
        )
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "meeting.letters",
            entity: "meeting",
            entity_id: Some(meeting_id),
            summary: format!("Letter settings of \u{201c}{}\u{201d}", m.title),
            detail: json!({ "letterhead": letterhead, "signature": signature, "signatory_name": name, "signatory_title": title }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
