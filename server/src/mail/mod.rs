//! Email: typed messages rendered per language, lettre transports (SMTP in production, files
//! under ./data/mail on the embedded default), and the outbox worker.

pub mod templates;
pub mod worker;

use crate::config::Settings;
use lettre::message::{header::ContentType, Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// A rendered email, ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// (file name, content type, body), e.g. the meeting's `.ics`.
    pub attachments: Vec<(String, String, Vec<u8>)>,
}

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>),
}

pub struct MailerWithFrom {
    pub transport: Mailer,
    pub from: Mailbox,
}

impl Mailer {
    pub fn from_settings(settings: &Settings) -> Result<MailerWithFrom, String> {
        let from: Mailbox = settings.mail_from.parse().map_err(|e| format!("MAIL_FROM: {e}"))?;
        let transport = match &settings.smtp_url {
            Some(url) => Mailer::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(secrecy::ExposeSecret::expose_secret(url))
                    .map_err(|e| format!("SMTP_URL: {e}"))?
                    .build(),
            ),
            None => {
                std::fs::create_dir_all(&settings.mail_dir).map_err(|e| format!("creating {}: {e}", settings.mail_dir.display()))?;
                Mailer::File(AsyncFileTransport::<Tokio1Executor>::new(&settings.mail_dir))
            }
        };
        Ok(MailerWithFrom { transport, from })
    }
}

impl MailerWithFrom {
    /// Sends one message; `message_id` makes retries recognisable as the same message.
    pub async fn send(&self, email: &Email, message_id: &str) -> Result<(), String> {
        let to: Mailbox = email.to.parse().map_err(|e| format!("recipient {}: {e}", email.to))?;
        let alternative = MultiPart::alternative()
            .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(email.text.clone()))
            .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(email.html.clone()));
        let body = if email.attachments.is_empty() {
            alternative
        } else {
            let mut mixed = MultiPart::mixed().multipart(alternative);
            for (name, content_type, bytes) in &email.attachments {
                let ct = ContentType::parse(content_type).map_err(|e| format!("attachment {name}: {e}"))?;
                mixed = mixed.singlepart(Attachment::new(name.clone()).body(bytes.clone(), ct));
            }
            mixed
        };
        let msg = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            .message_id(Some(message_id.to_string()))
            .multipart(body)
            .map_err(|e| format!("building message: {e}"))?;
        match &self.transport {
            Mailer::Smtp(t) => t.send(msg).await.map(|_| ()).map_err(|e| format!("smtp: {e}")),
            Mailer::File(t) => t.send(msg).await.map(|_| ()).map_err(|e| format!("file: {e}")),
        }
    }
}
