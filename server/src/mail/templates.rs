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

/// Wraps paragraphs (and links) in a minimal, accessible HTML document.
fn html(lang: Lang, title: &str, paragraphs: &[String], links: &[(&str, &str)]) -> String {
    let mut body = String::new();
    for p in paragraphs {
        body.push_str(&format!("<p>{}</p>\n", escape(p)));
    }
    for (label, href) in links {
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
        "registration_confirm" => Some(registration_confirm(to, lang, payload)),
        "registration_status" => registration_status(to, lang, payload),
        "registration_nomination" => Some(registration_nomination(to, lang, payload)),
        "minutes_circulated" => Some(minutes_circulated(to, lang, payload)),
        "paper_digest" => Some(paper_digest(to, lang, payload)),
        "cycle_reminder" => Some(cycle_reminder(to, lang, payload)),
        "cycle_overdue" => Some(cycle_overdue(to, lang, payload)),
        "password_link" => Some(password_link(to, lang, payload)),
        "registration_exists" => Some(registration_exists(to, lang, payload)),
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
        html: html(lang, subject, &[greeting, body, expiry.to_string()], &[(action, link)]),
        text,
        attachments: vec![],
    }
}

fn greeting(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("Dear {name},"),
        Lang::Fr => format!("Madame, Monsieur {name},"),
        Lang::Pt => format!("Caro(a) {name},"),
    }
}

/// "Meeting title, Dar es Salaam, 2026-12-07 – 2026-12-09".
fn meeting_line(p: &Value) -> String {
    format!("{}, {}, {} \u{2013} {}", field(p, "meeting"), field(p, "city"), field(p, "start"), field(p, "end"))
}

fn email(to: &str, lang: Lang, subject: String, paragraphs: Vec<String>, link: Option<(&str, &str)>) -> Email {
    email_links(to, lang, subject, paragraphs, link.as_slice())
}

fn email_links(to: &str, lang: Lang, subject: String, paragraphs: Vec<String>, links: &[(&str, &str)]) -> Email {
    let mut text = paragraphs.join("\n\n");
    for (label, href) in links {
        text.push_str(&format!("\n\n{label}: {href}"));
    }
    text.push('\n');
    Email { to: to.to_string(), html: html(lang, &subject, &paragraphs, links), subject, text, attachments: vec![] }
}

/// A one-time link to set a new password (asked for on the sign-in page), valid one hour.
fn password_link(to: &str, lang: Lang, p: &Value) -> Email {
    let (subject, body, action, note) = match lang {
        Lang::En => (
            "Set your MIDSA Dialogue password",
            "Someone (we hope you) asked for a link to set the password of your MIDSA Dialogue account.",
            "Choose a password",
            "The link works once, for one hour. If you did not ask for it, ignore this email: your password stays as it is.",
        ),
        Lang::Fr => (
            "Choisissez votre mot de passe Dialogue MIDSA",
            "Quelqu’un (vous, nous l’espérons) a demandé un lien pour choisir le mot de passe de votre compte Dialogue MIDSA.",
            "Choisir un mot de passe",
            "Le lien fonctionne une fois, pendant une heure. Si vous ne l’avez pas demandé, ignorez ce message\u{a0}: votre mot de passe reste inchangé.",
        ),
        Lang::Pt => (
            "Defina a sua palavra-passe do Diálogo MIDSA",
            "Alguém (esperamos que tenha sido você) pediu uma ligação para definir a palavra-passe da sua conta no Diálogo MIDSA.",
            "Escolher uma palavra-passe",
            "A ligação funciona uma vez, durante uma hora. Se não a pediu, ignore esta mensagem: a sua palavra-passe não muda.",
        ),
    };
    email(to, lang, subject.to_string(), vec![greeting(lang, field(p, "name")), body.into(), note.into()], Some((action, field(p, "link"))))
}

/// Someone tried to register an address that already has a registration for the meeting: the
/// form answered as for any registration, and this email tells the address's owner.
fn registration_exists(to: &str, lang: Lang, p: &Value) -> Email {
    let meeting = meeting_line(p);
    let status = field(p, "status");
    let (subject, body, action) = match lang {
        Lang::En => (
            format!("You are already registered: {}", field(p, "meeting")),
            format!("Someone (perhaps you) asked to register this email address for {meeting}. It is already registered (status: {status}), so nothing was changed. To change or cancel your registration, sign in and open My registrations; if you have no password yet, ask for a link on the sign-in page."),
            "My registrations",
        ),
        Lang::Fr => (
            format!("Vous êtes déjà inscrit(e)\u{a0}: {}", field(p, "meeting")),
            format!("Quelqu’un (peut-être vous) a demandé d’inscrire cette adresse à {meeting}. Elle est déjà inscrite (statut\u{a0}: {status})\u{a0}; rien n’a été modifié. Pour modifier ou annuler votre inscription, connectez-vous et ouvrez Mes inscriptions\u{a0}; si vous n’avez pas encore de mot de passe, demandez un lien sur la page de connexion."),
            "Mes inscriptions",
        ),
        Lang::Pt => (
            format!("Já está inscrito(a): {}", field(p, "meeting")),
            format!("Alguém (talvez você) pediu para inscrever este endereço em {meeting}. Ele já está inscrito (estado: {status}), pelo que nada foi alterado. Para alterar ou cancelar a sua inscrição, inicie sessão e abra As minhas inscrições; se ainda não tem palavra-passe, peça uma ligação na página de início de sessão."),
            "As minhas inscrições",
        ),
    };
    email(to, lang, subject, vec![greeting(lang, field(p, "name")), body], Some((action, field(p, "link"))))
}

fn registration_confirm(to: &str, lang: Lang, p: &Value) -> Email {
    let meeting = meeting_line(p);
    let (subject, body, action, note) = match lang {
        Lang::En => (
            format!("Confirm your registration: {}", field(p, "meeting")),
            format!("We have received your registration for {meeting}. It counts once you confirm your email address."),
            "Confirm my email address",
            "If you did not register, ignore this email: nothing happens without the confirmation.",
        ),
        Lang::Fr => (
            format!("Confirmez votre inscription : {}", field(p, "meeting")),
            format!("Nous avons reçu votre inscription à {meeting}. Elle sera prise en compte dès que vous aurez confirmé votre adresse électronique."),
            "Confirmer mon adresse électronique",
            "Si vous ne vous êtes pas inscrit(e), ignorez ce message : rien ne se passe sans confirmation.",
        ),
        Lang::Pt => (
            format!("Confirme a sua inscrição: {}", field(p, "meeting")),
            format!("Recebemos a sua inscrição em {meeting}. Passa a contar quando confirmar o seu endereço de correio eletrónico."),
            "Confirmar o meu endereço",
            "Se não se inscreveu, ignore esta mensagem: nada acontece sem a confirmação.",
        ),
    };
    email(to, lang, subject, vec![greeting(lang, field(p, "name")), body, note.into()], Some((action, field(p, "link"))))
}

/// One message per registration status. `approved` carries the meeting's calendar (the worker
/// attaches it).
fn registration_status(to: &str, lang: Lang, p: &Value) -> Option<Email> {
    let meeting = meeting_line(p);
    let reason = field(p, "reason");
    let (subject, body) = match (field(p, "status"), lang) {
        ("pending", Lang::En) => ("Registration received".to_string(), format!("Your registration for {meeting} is confirmed and awaits the secretariat's approval. We will write again when it is decided.")),
        ("pending", Lang::Fr) => ("Inscription reçue".to_string(), format!("Votre inscription à {meeting} est confirmée et attend l’approbation du secrétariat. Nous vous écrirons dès qu’elle sera décidée.")),
        ("pending", Lang::Pt) => ("Inscrição recebida".to_string(), format!("A sua inscrição em {meeting} está confirmada e aguarda a aprovação do secretariado. Voltaremos a escrever quando for decidida.")),
        ("approved", Lang::En) => ("Registration approved".to_string(), format!("Your registration for {meeting} is approved. The programme is attached as a calendar file.")),
        ("approved", Lang::Fr) => ("Inscription approuvée".to_string(), format!("Votre inscription à {meeting} est approuvée. Le programme est joint sous forme de fichier calendrier.")),
        ("approved", Lang::Pt) => ("Inscrição aprovada".to_string(), format!("A sua inscrição em {meeting} foi aprovada. O programa segue em anexo como ficheiro de calendário.")),
        ("waitlisted", Lang::En) => ("You are on the waiting list".to_string(), format!("{meeting} is full for now, so your registration is on the waiting list. If a place frees up you will move up automatically, in order, and we will tell you.")),
        ("waitlisted", Lang::Fr) => ("Vous êtes sur la liste d’attente".to_string(), format!("{meeting} est complet pour le moment : votre inscription est sur la liste d’attente. Si une place se libère, vous serez promu(e) automatiquement, dans l’ordre, et nous vous préviendrons.")),
        ("waitlisted", Lang::Pt) => ("Está na lista de espera".to_string(), format!("{meeting} está lotado de momento, pelo que a sua inscrição está na lista de espera. Se vagar um lugar, sobe automaticamente, por ordem, e avisá-lo-emos.")),
        ("promoted", Lang::En) => ("A place is now yours".to_string(), format!("A place has freed up at {meeting} and your registration has moved off the waiting list.")),
        ("promoted", Lang::Fr) => ("Une place vous est attribuée".to_string(), format!("Une place s’est libérée à {meeting} et votre inscription a quitté la liste d’attente.")),
        ("promoted", Lang::Pt) => ("Tem agora um lugar".to_string(), format!("Vagou um lugar em {meeting} e a sua inscrição saiu da lista de espera.")),
        ("rejected", Lang::En) => ("Registration not accepted".to_string(), format!("We are sorry: your registration for {meeting} was not accepted. Reason: {reason}")),
        ("rejected", Lang::Fr) => ("Inscription non retenue".to_string(), format!("Nous sommes désolés : votre inscription à {meeting} n’a pas été retenue. Motif : {reason}")),
        ("rejected", Lang::Pt) => ("Inscrição não aceite".to_string(), format!("Lamentamos: a sua inscrição em {meeting} não foi aceite. Motivo: {reason}")),
        ("withdrawn", Lang::En) => ("Registration withdrawn".to_string(), format!("Your registration for {meeting} has been withdrawn. If this is a mistake, contact your national focal point or the secretariat.")),
        ("withdrawn", Lang::Fr) => ("Inscription retirée".to_string(), format!("Votre inscription à {meeting} a été retirée. S’il s’agit d’une erreur, contactez votre point focal national ou le secrétariat.")),
        ("reminder", Lang::En) => ("Reminder: the meeting is coming up".to_string(), format!("This is a reminder that {meeting} is about to start. The current programme is attached as a calendar file; the agenda page always has the latest revision.")),
        ("reminder", Lang::Fr) => ("Rappel : la réunion approche".to_string(), format!("Nous vous rappelons que {meeting} va bientôt commencer. Le programme actuel est joint sous forme de fichier calendrier ; la page du programme présente toujours la dernière révision.")),
        ("reminder", Lang::Pt) => ("Lembrete: a reunião está a chegar".to_string(), format!("Lembramos que {meeting} vai começar em breve. O programa atual segue em anexo como ficheiro de calendário; a página do programa tem sempre a revisão mais recente.")),
        ("withdrawn", Lang::Pt) => ("Inscrição retirada".to_string(), format!("A sua inscrição em {meeting} foi retirada. Se for um engano, contacte o seu ponto focal nacional ou o secretariado.")),
        _ => return None,
    };
    let sep = if lang == Lang::Fr { "\u{a0}: " } else { ": " };
    let subject = format!("{subject}{sep}{}", field(p, "meeting"));
    let label = match lang {
        Lang::En => "Meeting page",
        Lang::Fr => "Page de la réunion",
        Lang::Pt => "Página da reunião",
    };
    let mut paragraphs = vec![greeting(lang, field(p, "name")), body];
    let mut links = vec![(label, field(p, "link"))];
    // A person without an account got one: a one-time link to choose its password.
    let account_link = field(p, "account_link");
    if !account_link.is_empty() {
        let (text, action) = match lang {
            Lang::En => (
                "An account on MIDSA Dialogue was made for you with this email address, so that you can read the meeting's papers and minutes. Choose its password with the link below: it works once, for one hour. Later, ask for a new link on the sign-in page.",
                "Choose your password",
            ),
            Lang::Fr => (
                "Un compte Dialogue MIDSA a été créé pour vous avec cette adresse électronique, pour que vous puissiez lire les documents et les procès-verbaux de la réunion. Choisissez son mot de passe avec le lien ci-dessous\u{a0}: il fonctionne une fois, pendant une heure. Plus tard, demandez un nouveau lien sur la page de connexion.",
                "Choisir votre mot de passe",
            ),
            Lang::Pt => (
                "Foi criada para si uma conta no Diálogo MIDSA com este endereço de correio eletrónico, para que possa ler os documentos e as atas da reunião. Escolha a palavra-passe com a ligação abaixo: funciona uma vez, durante uma hora. Mais tarde, peça uma nova ligação na página de início de sessão.",
                "Escolher a sua palavra-passe",
            ),
        };
        paragraphs.push(text.to_string());
        links.push((action, account_link));
    }
    Some(email_links(to, lang, subject, paragraphs, &links))
}

fn registration_nomination(to: &str, lang: Lang, p: &Value) -> Email {
    let (meeting, name) = (meeting_line(p), field(p, "name"));
    let (subject, body, action) = match lang {
        Lang::En => (
            format!("New member of your delegation: {}", field(p, "meeting")),
            format!("{name} has registered for {meeting} as part of your country's delegation. You can review, replace or withdraw your delegation's members."),
            "Open the delegation",
        ),
        Lang::Fr => (
            format!("Nouveau membre de votre délégation : {}", field(p, "meeting")),
            format!("{name} s’est inscrit(e) à {meeting} au sein de la délégation de votre pays. Vous pouvez examiner, remplacer ou retirer les membres de votre délégation."),
            "Ouvrir la délégation",
        ),
        Lang::Pt => (
            format!("Novo membro da sua delegação: {}", field(p, "meeting")),
            format!("{name} inscreveu-se em {meeting} como parte da delegação do seu país. Pode rever, substituir ou retirar os membros da sua delegação."),
            "Abrir a delegação",
        ),
    };
    let mut paragraphs = vec![greeting(lang, field(p, "focal_point")), body];
    // A self-registration claims a place in the delegation: it gives no delegate right until the
    // focal point (or the secretariat) confirms it.
    if p.get("self_registered").and_then(Value::as_bool) == Some(true) {
        paragraphs.push(
            match lang {
                Lang::En => "They registered themselves: confirm them as a member of your delegation if they belong to it, or withdraw the registration. Until you (or the secretariat) confirm it, it gives no access to delegates' papers or minutes.",
                Lang::Fr => "Cette personne s’est inscrite elle-même\u{a0}: confirmez-la comme membre de votre délégation si elle en fait partie, ou retirez l’inscription. Tant que vous (ou le secrétariat) ne l’avez pas confirmée, elle ne donne pas accès aux documents ni aux procès-verbaux des délégués.",
                Lang::Pt => "Esta pessoa inscreveu-se a si própria: confirme-a como membro da sua delegação se fizer parte dela, ou retire a inscrição. Até que você (ou o secretariado) a confirme, não dá acesso aos documentos nem às atas dos delegados.",
            }
            .to_string(),
        );
    }
    email(to, lang, subject, paragraphs, Some((action, field(p, "link"))))
}

fn minutes_circulated(to: &str, lang: Lang, p: &Value) -> Email {
    let (meeting, closes) = (field(p, "meeting"), field(p, "closes_on"));
    let (subject, body, action) = match lang {
        Lang::En => (
            format!("Draft minutes for your comments: {meeting}"),
            format!("The draft minutes of {meeting} are circulated to heads of delegation. You can comment on each section until {closes}."),
            "Read and comment",
        ),
        Lang::Fr => (
            format!("Projet de procès-verbal pour commentaires : {meeting}"),
            format!("Le projet de procès-verbal de {meeting} est diffusé aux chefs de délégation. Vous pouvez commenter chaque section jusqu’au {closes}."),
            "Lire et commenter",
        ),
        Lang::Pt => (
            format!("Projeto de ata para comentários: {meeting}"),
            format!("O projeto de ata de {meeting} foi circulado aos chefes de delegação. Pode comentar cada secção até {closes}."),
            "Ler e comentar",
        ),
    };
    email(to, lang, subject, vec![greeting(lang, field(p, "name")), body], Some((action, field(p, "link"))))
}

/// The daily digest of new and updated papers: one line per paper with its link.
fn paper_digest(to: &str, lang: Lang, p: &Value) -> Email {
    let (subject, intro, action) = match lang {
        Lang::En => (
            "New and updated meeting papers",
            "These papers of your meetings are new or have changed since we last wrote:",
            "Your meeting packs",
        ),
        Lang::Fr => (
            "Documents de réunion nouveaux ou mis à jour",
            "Ces documents de vos réunions sont nouveaux ou ont changé depuis notre dernier message :",
            "Vos dossiers de réunion",
        ),
        Lang::Pt => (
            "Documentos de reunião novos ou atualizados",
            "Estes documentos das suas reuniões são novos ou foram alterados desde a nossa última mensagem:",
            "Os seus dossiers de reunião",
        ),
    };
    let mut paragraphs = vec![greeting(lang, field(p, "name")), intro.to_string()];
    for item in p.get("papers").and_then(Value::as_array).into_iter().flatten() {
        paragraphs.push(format!("{} \u{2014} {}: {}", field(item, "title"), field(item, "meeting"), field(item, "link")));
    }
    email(to, lang, subject.to_string(), paragraphs, Some((action, field(p, "link"))))
}

/// A focal point's reminder of missing progress reports (when a cycle opens, two weeks and three
/// days before the due date, and on it).
fn cycle_reminder(to: &str, lang: Lang, p: &Value) -> Email {
    let (cycle, meeting, due, country) = (field(p, "cycle"), field(p, "meeting"), field(p, "due_on"), field(p, "country"));
    let kind = field(p, "kind");
    let (subject, lead, list, action) = match lang {
        Lang::En => (
            match kind {
                "due" => format!("Progress reports due today: {cycle}"),
                "d3" | "d14" => format!("Reminder: progress reports due on {due}"),
                _ => format!("Reporting cycle open: {cycle}"),
            },
            format!("The reporting cycle \u{201c}{cycle}\u{201d} on the Plan of Action of {meeting} is open. Reports are due on {due}."),
            format!("{country} has not yet submitted reports on:"),
            "Write the reports",
        ),
        Lang::Fr => (
            match kind {
                "due" => format!("Rapports d'avancement attendus aujourd'hui : {cycle}"),
                "d3" | "d14" => format!("Rappel : rapports d'avancement attendus le {due}"),
                _ => format!("Cycle de rapports ouvert : {cycle}"),
            },
            format!("Le cycle de rapports \u{ab} {cycle} \u{bb} sur le Plan d'action de {meeting} est ouvert. Les rapports sont attendus le {due}."),
            format!("{country} n'a pas encore soumis de rapport sur :"),
            "Rédiger les rapports",
        ),
        Lang::Pt => (
            match kind {
                "due" => format!("Relatórios de progresso devidos hoje: {cycle}"),
                "d3" | "d14" => format!("Lembrete: relatórios de progresso devidos em {due}"),
                _ => format!("Ciclo de relatórios aberto: {cycle}"),
            },
            format!("O ciclo de relatórios \u{201c}{cycle}\u{201d} sobre o Plano de Ação de {meeting} está aberto. Os relatórios são devidos em {due}."),
            format!("{country} ainda não submeteu relatórios sobre:"),
            "Escrever os relatórios",
        ),
    };
    let codes: Vec<&str> = p.get("missing").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    email(
        to,
        lang,
        subject,
        vec![greeting(lang, field(p, "name")), lead, format!("{list} {}", codes.join(", "))],
        Some((action, field(p, "link"))),
    )
}

/// To the secretariat on the due date: which member states have reports missing.
fn cycle_overdue(to: &str, lang: Lang, p: &Value) -> Email {
    let (cycle, meeting) = (field(p, "cycle"), field(p, "meeting"));
    let (subject, lead, action) = match lang {
        Lang::En => (
            format!("Reports missing at the due date: {cycle}"),
            format!("The reporting cycle \u{201c}{cycle}\u{201d} ({meeting}) is due. These member states have reports missing:"),
            "See the cycle",
        ),
        Lang::Fr => (
            format!("Rapports manquants à l'échéance : {cycle}"),
            format!(
                "Le cycle de rapports \u{ab} {cycle} \u{bb} ({meeting}) arrive à échéance. Ces États membres ont des rapports manquants :"
            ),
            "Voir le cycle",
        ),
        Lang::Pt => (
            format!("Relatórios em falta no prazo: {cycle}"),
            format!(
                "O ciclo de relatórios \u{201c}{cycle}\u{201d} ({meeting}) chegou ao prazo. Estes Estados-Membros têm relatórios em falta:"
            ),
            "Ver o ciclo",
        ),
    };
    let mut paragraphs = vec![greeting(lang, field(p, "name")), lead];
    for c in p.get("countries").and_then(Value::as_array).into_iter().flatten() {
        paragraphs.push(format!("{}: {}", field(c, "country"), c.get("missing").and_then(Value::as_u64).unwrap_or(0)));
    }
    email(to, lang, subject, paragraphs, Some((action, field(p, "link"))))
}

#[cfg(test)]
mod tests {
    #[test]
    fn cycle_reminders_in_each_language() {
        let p = json!({ "kind": "d3", "name": "Ana", "meeting": "MIDSA <2026>", "cycle": "2027", "due_on": "2027-03-01", "country": "Tanzania",
            "missing": ["R1.1", "R2.3"], "link": "http://127.0.0.1:3000/cycles/1", "countries": [{ "country": "Angola", "missing": 3 }] });
        for lang in Lang::ALL {
            let m = render("cycle_reminder", "a@b.org", lang, &p).unwrap();
            assert!(m.subject.contains("2027-03-01") && m.text.contains("R1.1, R2.3") && m.html.contains("MIDSA &lt;2026&gt;"), "{lang:?}");
            let o = render("cycle_overdue", "a@b.org", lang, &p).unwrap();
            assert!(o.text.contains("Angola: 3") && o.text.contains("http://127.0.0.1:3000/cycles/1"));
        }
    }

    #[test]
    fn minutes_and_digest_in_each_language() {
        let p = json!({ "meeting": "MIDSA <2026>", "closes_on": "2026-12-20", "name": "Ana", "link": "http://127.0.0.1:3000/m",
            "papers": [{ "title": "Labour <migration>", "meeting": "MIDSA 2026", "link": "http://127.0.0.1:3000/papers/1" }] });
        for lang in Lang::ALL {
            let m = render("minutes_circulated", "a@b.org", lang, &p).unwrap();
            assert!(m.text.contains("2026-12-20") && m.html.contains("MIDSA &lt;2026&gt;"));
            let d = render("paper_digest", "a@b.org", lang, &p).unwrap();
            assert!(d.text.contains("http://127.0.0.1:3000/papers/1") && d.html.contains("Labour &lt;migration&gt;"));
        }
    }

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

    #[test]
    fn registration_messages_in_each_language() {
        let p = json!({ "meeting": "MIDSA 2026", "city": "Dar es Salaam", "start": "2026-12-07", "end": "2026-12-09",
            "name": "Ana Silva", "link": "http://127.0.0.1:3000/x", "reason": "Quota <full>", "focal_point": "FP" });
        for lang in Lang::ALL {
            let c = render("registration_confirm", "a@b.org", lang, &p).unwrap();
            assert!(c.text.contains("http://127.0.0.1:3000/x") && c.html.contains("MIDSA 2026"));
            for status in ["pending", "approved", "waitlisted", "promoted", "rejected", "withdrawn", "reminder"] {
                let mut q = p.clone();
                q["status"] = json!(status);
                let e = render("registration_status", "a@b.org", lang, &q).unwrap();
                assert!(e.subject.ends_with(": MIDSA 2026"), "{status} {lang:?}: {}", e.subject);
                assert!(e.text.contains("Dar es Salaam"));
                if status == "rejected" {
                    assert!(e.text.contains("Quota <full>") && e.html.contains("Quota &lt;full&gt;"));
                }
            }
            let n = render("registration_nomination", "fp@b.org", lang, &p).unwrap();
            assert!(n.text.contains("Ana Silva"));
        }
        let mut bad = p.clone();
        bad["status"] = json!("exploded");
        assert!(render("registration_status", "a@b.org", Lang::En, &bad).is_none());
        let mut fr = p.clone();
        fr["status"] = json!("approved");
        assert_eq!(render("registration_status", "a@b.org", Lang::Fr, &fr).unwrap().subject, "Inscription approuvée\u{a0}: MIDSA 2026");
    }
}
