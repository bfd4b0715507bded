//! Messages from the secretariat to a meeting's participants: chosen by status, category and
//! delegation, written in the meeting's working languages, previewed (who receives it, in which
//! language), and sent through the outbox, each person in their language or, when the message
//! has no text in it, in the original with a note. Every message is kept with its texts and its
//! recipients; the delivery state is their outbox rows'. A participant reads the messages sent
//! to them on `/me`.

use super::*;
use crate::features::registration::types::{
    MessageDelivery, MessageDetail, MessageForm, MessageRecipientView, MessageSummary, MessagesPage, MyMessage,
};
use crate::ssr::entities::{meeting_message, meeting_message_recipient, meeting_message_text, outbox as outbox_row};
use sea_orm::QuerySelect;
use std::collections::HashMap;

/// The statuses a message can be sent to (never to an unconfirmed address, a rejection or a
/// withdrawal); "any" means these.
const MESSAGE_STATUSES: [RegistrationStatus; 3] =
    [RegistrationStatus::Approved, RegistrationStatus::Pending, RegistrationStatus::Waitlisted];

/// The filters, checked: (status, category, country), each None for any.
type Filters = (Option<RegistrationStatus>, Option<RegistrationCategory>, Option<CountryCode>);

fn filters(status: &str, category: &str, country: &str) -> Result<Filters, FieldErrors> {
    let mut e = FieldErrors::new();
    let status = match status.trim() {
        "" => None,
        s => e.take(RegistrationStatus::parse("status", s).and_then(|s| {
            if MESSAGE_STATUSES.contains(&s) {
                Ok(s)
            } else {
                Err(FieldError::new("status", ErrorCode::InvalidChoice))
            }
        })),
    };
    let category = match category.trim() {
        "" => None,
        c => e.take(RegistrationCategory::parse("category", c)),
    };
    let country = match country.trim() {
        "" => None,
        c => e.take(CountryCode::parse("country", c)),
    };
    e.clone().finish()?;
    Ok((status, category, country))
}

async fn recipients_of(db: &impl ConnectionTrait, meeting_id: i32, f: Filters) -> ServiceResult<Vec<registration::Model>> {
    let mut q = registration::Entity::find().filter(registration::Column::MeetingId.eq(meeting_id)).filter(
        registration::Column::Status.is_in(match f.0 {
            Some(s) => vec![s],
            None => MESSAGE_STATUSES.to_vec(),
        }),
    );
    if let Some(c) = f.1 {
        q = q.filter(registration::Column::Category.eq(c));
    }
    if let Some(c) = f.2 {
        q = q.filter(registration::Column::CountryCode.eq(c.code()));
    }
    Ok(q.order_by_asc(registration::Column::CountryCode)
        .order_by_asc(registration::Column::FamilyName)
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?)
}

fn meeting_languages(m: &meeting::Model) -> Vec<Lang> {
    let source = crate::features::translations::service::source_lang(m);
    let mut langs = vec![source];
    langs.extend(Lang::ALL.into_iter().filter(|l| *l != source && m.languages.split(',').any(|x| x.trim() == l.code())));
    langs
}

fn affiliation(r: &registration::Model) -> String {
    r.country_code
        .as_deref()
        .and_then(|c| CountryCode::parse("c", c).ok())
        .map(|c| c.name(Lang::En).to_string())
        .unwrap_or_else(|| r.organisation.clone())
}

fn local(at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// The messages page (secretariat): who the filters reach, and what was sent.
pub async fn messages_page(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    meeting_id: i32,
    status: &str,
    category: &str,
    country: &str,
) -> ServiceResult<MessagesPage> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let m = find_meeting(db, Some(actor), meeting_id).await?;
    let tz = tz_of(&m)?;
    let f = filters(status, category, country)?;
    let recipients = recipients_of(db, meeting_id, f)
        .await?
        .iter()
        .map(|r| MessageRecipientView {
            name: display_name(r),
            affiliation: affiliation(r),
            category: r.category,
            status: r.status,
            lang: r.locale,
        })
        .collect();
    let messages = meeting_message::Entity::find()
        .filter(meeting_message::Column::MeetingId.eq(meeting_id))
        .order_by_desc(meeting_message::Column::Id)
        .all(db)
        .await?;
    let mut sent = vec![];
    for msg in messages {
        let (subject, deliveries) = deliveries(db, &msg).await?;
        sent.push(MessageSummary {
            id: msg.id,
            subject,
            sent_at: local(msg.created_at, tz),
            recipients: deliveries.len(),
            delivered: deliveries.iter().filter(|d| d.state == crate::ssr::outbox::STATUS_SENT).count(),
            failed: deliveries.iter().filter(|d| d.state == crate::ssr::outbox::STATUS_FAILED).count(),
        });
    }
    Ok(MessagesPage {
        meeting_id,
        meeting_title: m.title.clone(),
        languages: meeting_languages(&m),
        status: f.0.map(|s| s.as_str().to_string()).unwrap_or_default(),
        category: f.1.map(|c| c.as_str().to_string()).unwrap_or_default(),
        country: f.2.map(|c| c.code().to_string()).unwrap_or_default(),
        recipients,
        sent,
        token: crate::ssr::auth::new_token(),
    })
}

/// A message's subject (in its own language) and its recipients with their outbox state.
async fn deliveries(db: &impl ConnectionTrait, msg: &meeting_message::Model) -> ServiceResult<(String, Vec<MessageDelivery>)> {
    let subject = meeting_message_text::Entity::find()
        .filter(meeting_message_text::Column::MessageId.eq(msg.id))
        .filter(meeting_message_text::Column::Lang.eq(msg.source_lang))
        .one(db)
        .await?
        .map(|t| t.subject)
        .unwrap_or_default();
    let recipients = meeting_message_recipient::Entity::find()
        .filter(meeting_message_recipient::Column::MessageId.eq(msg.id))
        .order_by_asc(meeting_message_recipient::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = recipients.iter().filter_map(|r| r.outbox_id).collect();
    let states: HashMap<i32, String> =
        outbox_row::Entity::find().filter(outbox_row::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|o| (o.id, o.status)).collect();
    Ok((
        subject,
        recipients
            .into_iter()
            .map(|r| MessageDelivery {
                state: r.outbox_id.and_then(|id| states.get(&id).cloned()).unwrap_or_else(|| crate::ssr::outbox::STATUS_SENT.to_string()),
                name: r.name,
                email: r.email,
                lang: r.lang,
                translated: r.translated,
            })
            .collect(),
    ))
}

/// Sends a message to the participants the filters choose (secretariat). Returns its id and
/// how many it went to. Nothing is kept or queued unless everything is valid and someone is
/// chosen.
pub async fn send_message(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    form: &MessageForm,
    public_url: &str,
) -> ServiceResult<(i32, usize)> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let meeting_id = parse_id(&form.meeting_id).ok_or(ServiceError::NotFound)?;
    let m = find_meeting(db, Some(actor), meeting_id).await?;
    let langs = meeting_languages(&m);
    let source = langs[0];
    let mut e = match filters(&form.status, &form.category, &form.country) {
        Ok(_) => FieldErrors::new(),
        Err(e) => e,
    };
    let mut texts: Vec<(Lang, String, String)> = vec![];
    for lang in Lang::ALL {
        let (subject, body) = form.text(lang);
        let (sf, bf) = (format!("subject_{}", lang.code()), format!("body_{}", lang.code()));
        let given = !subject.trim().is_empty() || !body.trim().is_empty();
        if lang != source && !given {
            continue;
        }
        if !langs.contains(&lang) {
            e.push(sf, ErrorCode::NotWorkingLanguage);
            continue;
        }
        let s = e.take(required_text(&sf, subject, 200));
        // Markdown: paragraphs and lists keep their line breaks.
        let b = e.take(crate::domain::Markdown::parse(&bf, body).and_then(|b| {
            if b.as_str().is_empty() {
                Err(FieldError::new(&bf, ErrorCode::Required))
            } else if b.as_str().chars().count() > 20_000 {
                Err(FieldError::new(&bf, ErrorCode::TooLong { max: 20_000 }))
            } else {
                Ok(b.as_str().to_string())
            }
        }));
        if let (Some(s), Some(b)) = (s, b) {
            texts.push((lang, s, b));
        }
    }
    let token = form.token.trim();
    if token.is_empty() || token.len() > 100 {
        e.push("token", ErrorCode::Required);
    }
    e.clone().finish()?;
    let f = filters(&form.status, &form.category, &form.country)?;
    let txn = crate::ssr::write_txn(db).await?;
    // Sent already from this form (a second click): the same message, nothing sent again.
    if let Some(done) = meeting_message::Entity::find().filter(meeting_message::Column::FormToken.eq(token)).one(&txn).await? {
        if done.meeting_id != meeting_id {
            return Err(FieldError::new("token", ErrorCode::InvalidChoice).into());
        }
        let n =
            meeting_message_recipient::Entity::find().filter(meeting_message_recipient::Column::MessageId.eq(done.id)).count(&txn).await?
                as usize;
        return Ok((done.id, n));
    }
    let chosen = recipients_of(&txn, meeting_id, f).await?;
    if chosen.is_empty() {
        return Err(FieldError::new("status", ErrorCode::NobodyChosen).into());
    }
    let msg = meeting_message::ActiveModel {
        meeting_id: Set(meeting_id),
        source_lang: Set(source),
        filter_status: Set(f.0.map(|s| s.as_str().to_string()).unwrap_or_default()),
        filter_category: Set(f.1.map(|c| c.as_str().to_string()).unwrap_or_default()),
        filter_country: Set(f.2.map(|c| c.code().to_string()).unwrap_or_default()),
        created_by: Set(Some(actor.id)),
        created_at: Set(Utc::now()),
        form_token: Set(token.to_string()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| crate::ssr::write::on_unique_violation(e, |_| ServiceError::Conflict("this message was just sent".into())))?;
    for (lang, subject, body) in &texts {
        meeting_message_text::ActiveModel {
            message_id: Set(msg.id),
            lang: Set(*lang),
            subject: Set(subject.clone()),
            body_md: Set(body.clone()),
            body_html: Set(crate::ssr::markdown::render(body)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let mut titles: HashMap<Lang, String> = HashMap::new();
    for lang in Lang::ALL {
        titles.insert(lang, crate::features::translations::service::title_in(&txn, &m, lang).await?);
    }
    for r in &chosen {
        let own = texts.iter().find(|(l, ..)| *l == r.locale);
        let (lang_used, subject, body) = own.or_else(|| texts.iter().find(|(l, ..)| *l == source)).cloned().unwrap_or_default();
        let translated = own.is_some();
        let message = OutboxMessage::ParticipantMessage {
            name: display_name(r),
            meeting: titles.get(&r.locale).cloned().unwrap_or_else(|| m.title.clone()),
            subject,
            body,
            original: (!translated).then_some(lang_used),
            link: format!("{public_url}/me"),
        };
        let outbox_id = outbox::enqueue(&txn, &r.email, r.locale, &message).await?;
        meeting_message_recipient::ActiveModel {
            message_id: Set(msg.id),
            registration_id: Set(Some(r.id)),
            name: Set(display_name(r)),
            email: Set(r.email.clone()),
            lang: Set(r.locale),
            translated: Set(translated),
            outbox_id: Set(Some(outbox_id)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "meeting.message",
            entity: "meeting",
            entity_id: Some(meeting_id),
            summary: format!(
                "Message \u{201c}{}\u{201d} to {} participants of \u{201c}{}\u{201d}",
                texts.first().map(|t| t.1.as_str()).unwrap_or_default(),
                chosen.len(),
                m.title
            ),
            detail: json!({ "message_id": msg.id, "recipients": chosen.len(), "languages": texts.iter().map(|t| t.0.code()).collect::<Vec<_>>(),
                            "status": form.status, "category": form.category, "country": form.country }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok((msg.id, chosen.len()))
}

/// A sent message with its texts and recipients (secretariat).
pub async fn message_detail(db: &impl ConnectionTrait, actor: &CurrentUser, message_id: i32) -> ServiceResult<MessageDetail> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let msg = meeting_message::Entity::find_by_id(message_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let m = find_meeting(db, Some(actor), msg.meeting_id).await?;
    let texts = meeting_message_text::Entity::find()
        .filter(meeting_message_text::Column::MessageId.eq(msg.id))
        .order_by_asc(meeting_message_text::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.lang, t.subject, t.body_html))
        .collect();
    let (_, recipients) = deliveries(db, &msg).await?;
    Ok(MessageDetail {
        id: msg.id,
        meeting_id: m.id,
        meeting_title: m.title.clone(),
        sent_at: local(msg.created_at, tz_of(&m)?),
        texts,
        recipients,
    })
}

/// The messages sent to the signed-in person (by their account's email), newest first, each
/// in the language they received it in.
pub async fn my_messages(db: &impl ConnectionTrait, user: &CurrentUser) -> ServiceResult<Vec<MyMessage>> {
    let mine = meeting_message_recipient::Entity::find()
        .filter(meeting_message_recipient::Column::Email.eq(user.email.to_lowercase()))
        .order_by_desc(meeting_message_recipient::Column::Id)
        .limit(50)
        .all(db)
        .await?;
    let mut out = vec![];
    for r in mine {
        let Some(msg) = meeting_message::Entity::find_by_id(r.message_id).one(db).await? else { continue };
        let Some(m) = meeting::Entity::find_by_id(msg.meeting_id).one(db).await? else { continue };
        let want = if r.translated { r.lang } else { msg.source_lang };
        let Some(text) = meeting_message_text::Entity::find()
            .filter(meeting_message_text::Column::MessageId.eq(msg.id))
            .filter(meeting_message_text::Column::Lang.eq(want))
            .one(db)
            .await?
        else {
            continue;
        };
        out.push(MyMessage {
            meeting_id: m.id,
            meeting_title: crate::features::translations::service::title_in(db, &m, r.lang).await?,
            subject: text.subject,
            body_html: text.body_html,
            sent_at: local(msg.created_at, tz_of(&m)?),
            original: (!r.translated).then_some(msg.source_lang),
        });
    }
    Ok(out)
}
