//! Email templates, one function per kind, in the recipient's language. Text is escaped
//! before it goes into the HTML part.

use super::Email;
use app::domain::Lang;
use serde_json::Value;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn field<'a>(payload: &'a Value, key: &str) -> &'a str {
    payload.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Wraps paragraphs (and one link) in a minimal, accessible HTML document.
fn html(lang: Lang, title: &str, paragraphs: &[String], link: Option<(&str, &str)>) -> String {
    let mut body = String::new();
    for p in paragraphs {
        body.push_str(&format!("<p>{}</p>\n", escape(p)));
    }
    if let Some((label, href)) = link {
        body.push_str(&format!("<p><a href=\"{}\">{}</a></p>\n", escape(href), escape(label)));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>\n<h1>{}</h1>\n{body}</body></html>\n",
        lang.code(),
        escape(title),
        escape(title)
    )
}

/// Renders an outbox message, or None for an unknown kind (the worker marks it failed).
pub fn render(kind: &str, to: &str, lang: Lang, payload: &Value) -> Option<Email> {
    match kind {
        "invite" => Some(invite(to, lang, payload)),
        _ => None,
    }
}

fn invite(to: &str, lang: Lang, p: &Value) -> Email {
    let (name, link, inviter) = (field(p, "name"), field(p, "link"), field(p, "inviter"));
    let (subject, greeting, body, action, expiry) = match lang {
        Lang::En => (
            "Your MIDSA Dialogue account",
            format!("Dear {name},"),
            format!("{inviter} of the IOM secretariat has invited you to MIDSA Dialogue, the platform of the Migration Dialogue for Southern Africa."),
            "Activate your account",
            "The link is valid for 7 days. If you did not expect this email, you can ignore it.",
        ),
        Lang::Fr => (
            "Votre compte Dialogue MIDSA",
            format!("Madame, Monsieur {name},"),
            format!("{inviter}, du secrétariat de l’OIM, vous invite sur Dialogue MIDSA, la plateforme du Dialogue sur les migrations pour l’Afrique australe."),
            "Activer votre compte",
            "Le lien est valable 7 jours. Si vous n’attendiez pas ce message, vous pouvez l’ignorer.",
        ),
        Lang::Pt => (
            "A sua conta no Diálogo MIDSA",
            format!("Caro(a) {name},"),
            format!("{inviter}, do secretariado da OIM, convidou-o(a) para o Diálogo MIDSA, a plataforma do Diálogo sobre Migração para a África Austral."),
            "Ativar a sua conta",
            "A ligação é válida durante 7 dias. Se não esperava esta mensagem, pode ignorá-la.",
        ),
    };
    let text = format!("{greeting}\n\n{body}\n\n{action}: {link}\n\n{expiry}\n");
    Email {
        to: to.to_string(),
        subject: subject.to_string(),
        html: html(lang, subject, &[greeting, body, expiry.to_string()], Some((action, link))),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn invite_in_each_language_with_escaped_html() {
        let p = json!({ "name": "Ana <b>Silva</b>", "link": "http://127.0.0.1:3000/invite/abc", "inviter": "Sec" });
        for (lang, subject) in [
            (Lang::En, "Your MIDSA Dialogue account"),
            (Lang::Fr, "Votre compte Dialogue MIDSA"),
            (Lang::Pt, "A sua conta no Diálogo MIDSA"),
        ] {
            let e = render("invite", "ana@example.org", lang, &p).unwrap();
            assert_eq!(e.subject, subject);
            assert!(e.text.contains("http://127.0.0.1:3000/invite/abc"));
            assert!(e.html.contains("href=\"http://127.0.0.1:3000/invite/abc\""));
            assert!(e.html.contains("Ana &lt;b&gt;Silva&lt;/b&gt;"));
            assert!(!e.html.contains("<b>Silva"));
            assert!(e.html.contains(&format!("lang=\"{}\"", lang.code())));
        }
        assert!(render("unknown", "a@b.org", Lang::En, &p).is_none());
    }
}
