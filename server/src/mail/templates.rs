//! Email templates: one function per [`OutboxMessage`] variant, in the recipient's language.
//! [`render`] matches the message exhaustively, so a new kind of email, or a renamed field, does
//! not compile until it has its text in every language. Text is escaped before it goes into the
//! HTML part.

use super::Email;
use app::components::escape_html as escape;
use app::domain::Lang;
use app::ssr::outbox::{DigestPaper, MeetingLine, MissingReports, OutboxMessage, ReminderStep, StatusNotice};

/// Wraps paragraphs (and links) in a minimal, accessible HTML document.
fn html(lang: Lang, title: &str, paragraphs: &[String], links: &[(&str, &str)]) -> String {
    html_around(lang, title, paragraphs, "", &[], links)
}

/// [`html`] with `block` (HTML already sanitised, such as rendered Markdown) between the
/// paragraphs `before` and `after`.
fn html_around(lang: Lang, title: &str, before: &[String], block: &str, after: &[String], links: &[(&str, &str)]) -> String {
    let mut body = String::new();
    for p in before {
        body.push_str(&format!("<p>{}</p>\n", escape(p)));
    }
    body.push_str(block);
    for p in after {
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

/// Renders an outbox message for `to`, in `lang`.
pub fn render(msg: &OutboxMessage, to: &str, lang: Lang) -> Email {
    use OutboxMessage as M;
    match msg {
        M::Invite { name, role: _, inviter, link } => invite(to, lang, name, inviter, link),
        M::PasswordLink { name, link } => password_link(to, lang, name, link),
        M::RegistrationConfirm { meeting, name, link } => registration_confirm(to, lang, meeting, name, link),
        M::RegistrationStatus { meeting, name, status, reason, link, account_link } => {
            registration_status(to, lang, meeting, name, *status, reason, link, account_link.as_deref())
        }
        M::RegistrationExists { meeting, name, status, link } => registration_exists(to, lang, meeting, name, status, link),
        M::RegistrationNomination { meeting, name, focal_point, category: _, link, self_registered } => {
            registration_nomination(to, lang, meeting, name, focal_point, link, *self_registered)
        }
        M::MinutesCirculated { name, meeting, closes_on, link } => minutes_circulated(to, lang, name, meeting, closes_on, link),
        M::ParticipantMessage { name, meeting, subject, body, original, link } => {
            participant_message(to, lang, name, meeting, subject, body, *original, link)
        }
        M::PaperDigest { name, papers, link } => paper_digest(to, lang, name, papers, link),
        M::CycleReminder { step, name, meeting, cycle, due_on, country, missing, link } => {
            cycle_reminder(to, lang, *step, name, meeting, cycle, due_on, country, missing, link)
        }
        M::CycleOverdue { name, meeting, cycle, due_on: _, countries, link } => {
            cycle_overdue(to, lang, name, meeting, cycle, countries, link)
        }
        M::ProfileDue { name, country, latest, interval, link } => profile_due(to, lang, name, country, latest, *interval, link),
    }
}

fn invite(to: &str, lang: Lang, name: &str, inviter: &str, link: &str) -> Email {
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
fn meeting_line(m: &MeetingLine) -> String {
    format!("{}, {}, {} \u{2013} {}", m.meeting, m.city, m.start, m.end)
}

fn email(to: &str, lang: Lang, subject: String, paragraphs: Vec<String>, link: Option<(&str, &str)>) -> Email {
    email_links(to, lang, subject, paragraphs, link.as_slice())
}

fn email_links(to: &str, lang: Lang, subject: String, paragraphs: Vec<String>, links: &[(&str, &str)]) -> Email {
    Email {
        to: to.to_string(),
        html: html(lang, &subject, &paragraphs, links),
        text: text_part(&paragraphs, links),
        subject,
        attachments: vec![],
    }
}

/// The plain-text part: the paragraphs, then each link as `label: address`.
fn text_part(paragraphs: &[String], links: &[(&str, &str)]) -> String {
    let mut text = paragraphs.join("\n\n");
    for (label, href) in links {
        text.push_str(&format!("\n\n{label}: {href}"));
    }
    text.push('\n');
    text
}

/// A one-time link to set a new password (asked for on the sign-in page), valid one hour.
fn password_link(to: &str, lang: Lang, name: &str, link: &str) -> Email {
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
    email(to, lang, subject.to_string(), vec![greeting(lang, name), body.into(), note.into()], Some((action, link)))
}

/// Someone tried to register an address that already has a registration for the meeting: the
/// form answered as for any registration, and this email tells the address's owner.
fn registration_exists(to: &str, lang: Lang, m: &MeetingLine, name: &str, status: &str, link: &str) -> Email {
    let meeting = meeting_line(m);
    let (subject, body, action) = match lang {
        Lang::En => (
            format!("You are already registered: {}", m.meeting),
            format!("Someone (perhaps you) asked to register this email address for {meeting}. It is already registered (status: {status}), so nothing was changed. To change or cancel your registration, sign in and open My registrations; if you have no password yet, ask for a link on the sign-in page."),
            "My registrations",
        ),
        Lang::Fr => (
            format!("Vous êtes déjà inscrit(e)\u{a0}: {}", m.meeting),
            format!("Quelqu’un (peut-être vous) a demandé d’inscrire cette adresse à {meeting}. Elle est déjà inscrite (statut\u{a0}: {status})\u{a0}; rien n’a été modifié. Pour modifier ou annuler votre inscription, connectez-vous et ouvrez Mes inscriptions\u{a0}; si vous n’avez pas encore de mot de passe, demandez un lien sur la page de connexion."),
            "Mes inscriptions",
        ),
        Lang::Pt => (
            format!("Já está inscrito(a): {}", m.meeting),
            format!("Alguém (talvez você) pediu para inscrever este endereço em {meeting}. Ele já está inscrito (estado: {status}), pelo que nada foi alterado. Para alterar ou cancelar a sua inscrição, inicie sessão e abra As minhas inscrições; se ainda não tem palavra-passe, peça uma ligação na página de início de sessão."),
            "As minhas inscrições",
        ),
    };
    email(to, lang, subject, vec![greeting(lang, name), body], Some((action, link)))
}

fn registration_confirm(to: &str, lang: Lang, m: &MeetingLine, name: &str, link: &str) -> Email {
    let meeting = meeting_line(m);
    let (subject, body, action, note) = match lang {
        Lang::En => (
            format!("Confirm your registration: {}", m.meeting),
            format!("We have received your registration for {meeting}. It counts once you confirm your email address."),
            "Confirm my email address",
            "If you did not register, ignore this email: nothing happens without the confirmation.",
        ),
        Lang::Fr => (
            format!("Confirmez votre inscription : {}", m.meeting),
            format!("Nous avons reçu votre inscription à {meeting}. Elle sera prise en compte dès que vous aurez confirmé votre adresse électronique."),
            "Confirmer mon adresse électronique",
            "Si vous ne vous êtes pas inscrit(e), ignorez ce message : rien ne se passe sans confirmation.",
        ),
        Lang::Pt => (
            format!("Confirme a sua inscrição: {}", m.meeting),
            format!("Recebemos a sua inscrição em {meeting}. Passa a contar quando confirmar o seu endereço de correio eletrónico."),
            "Confirmar o meu endereço",
            "Se não se inscreveu, ignore esta mensagem: nada acontece sem a confirmação.",
        ),
    };
    email(to, lang, subject, vec![greeting(lang, name), body, note.into()], Some((action, link)))
}

/// One message per registration status (and the reminder before the meeting). An approval and a
/// reminder carry the meeting's calendar (the worker attaches it).
#[expect(clippy::too_many_arguments)]
fn registration_status(
    to: &str,
    lang: Lang,
    m: &MeetingLine,
    name: &str,
    status: StatusNotice,
    reason: &str,
    link: &str,
    account_link: Option<&str>,
) -> Email {
    use StatusNotice as S;
    let meeting = meeting_line(m);
    let (subject, body) = match (status, lang) {
        (S::Pending, Lang::En) => ("Registration received".to_string(), format!("Your registration for {meeting} is confirmed and awaits the secretariat's approval. We will write again when it is decided.")),
        (S::Pending, Lang::Fr) => ("Inscription reçue".to_string(), format!("Votre inscription à {meeting} est confirmée et attend l’approbation du secrétariat. Nous vous écrirons dès qu’elle sera décidée.")),
        (S::Pending, Lang::Pt) => ("Inscrição recebida".to_string(), format!("A sua inscrição em {meeting} está confirmada e aguarda a aprovação do secretariado. Voltaremos a escrever quando for decidida.")),
        (S::Approved, Lang::En) => ("Registration approved".to_string(), format!("Your registration for {meeting} is approved. The programme is attached as a calendar file.")),
        (S::Approved, Lang::Fr) => ("Inscription approuvée".to_string(), format!("Votre inscription à {meeting} est approuvée. Le programme est joint sous forme de fichier calendrier.")),
        (S::Approved, Lang::Pt) => ("Inscrição aprovada".to_string(), format!("A sua inscrição em {meeting} foi aprovada. O programa segue em anexo como ficheiro de calendário.")),
        (S::Waitlisted, Lang::En) => ("You are on the waiting list".to_string(), format!("{meeting} is full for now, so your registration is on the waiting list. If a place frees up you will move up automatically, in order, and we will tell you.")),
        (S::Waitlisted, Lang::Fr) => ("Vous êtes sur la liste d’attente".to_string(), format!("{meeting} est complet pour le moment : votre inscription est sur la liste d’attente. Si une place se libère, vous serez promu(e) automatiquement, dans l’ordre, et nous vous préviendrons.")),
        (S::Waitlisted, Lang::Pt) => ("Está na lista de espera".to_string(), format!("{meeting} está lotado de momento, pelo que a sua inscrição está na lista de espera. Se vagar um lugar, sobe automaticamente, por ordem, e avisá-lo-emos.")),
        (S::Promoted, Lang::En) => ("A place is now yours".to_string(), format!("A place has freed up at {meeting} and your registration has moved off the waiting list.")),
        (S::Promoted, Lang::Fr) => ("Une place vous est attribuée".to_string(), format!("Une place s’est libérée à {meeting} et votre inscription a quitté la liste d’attente.")),
        (S::Promoted, Lang::Pt) => ("Tem agora um lugar".to_string(), format!("Vagou um lugar em {meeting} e a sua inscrição saiu da lista de espera.")),
        (S::Rejected, Lang::En) => ("Registration not accepted".to_string(), format!("We are sorry: your registration for {meeting} was not accepted. Reason: {reason}")),
        (S::Rejected, Lang::Fr) => ("Inscription non retenue".to_string(), format!("Nous sommes désolés : votre inscription à {meeting} n’a pas été retenue. Motif : {reason}")),
        (S::Rejected, Lang::Pt) => ("Inscrição não aceite".to_string(), format!("Lamentamos: a sua inscrição em {meeting} não foi aceite. Motivo: {reason}")),
        (S::Withdrawn, Lang::En) => ("Registration withdrawn".to_string(), format!("Your registration for {meeting} has been withdrawn. If this is a mistake, contact your national focal point or the secretariat.")),
        (S::Withdrawn, Lang::Fr) => ("Inscription retirée".to_string(), format!("Votre inscription à {meeting} a été retirée. S’il s’agit d’une erreur, contactez votre point focal national ou le secrétariat.")),
        (S::Reminder, Lang::En) => ("Reminder: the meeting is coming up".to_string(), format!("This is a reminder that {meeting} is about to start. The current programme is attached as a calendar file; the agenda page always has the latest revision.")),
        (S::Reminder, Lang::Fr) => ("Rappel : la réunion approche".to_string(), format!("Nous vous rappelons que {meeting} va bientôt commencer. Le programme actuel est joint sous forme de fichier calendrier ; la page du programme présente toujours la dernière révision.")),
        (S::Reminder, Lang::Pt) => ("Lembrete: a reunião está a chegar".to_string(), format!("Lembramos que {meeting} vai começar em breve. O programa atual segue em anexo como ficheiro de calendário; a página do programa tem sempre a revisão mais recente.")),
        (S::Withdrawn, Lang::Pt) => ("Inscrição retirada".to_string(), format!("A sua inscrição em {meeting} foi retirada. Se for um engano, contacte o seu ponto focal nacional ou o secretariado.")),
    };
    let sep = if lang == Lang::Fr { "\u{a0}: " } else { ": " };
    let subject = format!("{subject}{sep}{}", m.meeting);
    let label = match lang {
        Lang::En => "Meeting page",
        Lang::Fr => "Page de la réunion",
        Lang::Pt => "Página da reunião",
    };
    let mut paragraphs = vec![greeting(lang, name), body];
    let mut links = vec![(label, link)];
    // A person without an account got one: a one-time link to choose its password.
    if let Some(account_link) = account_link.filter(|l| !l.is_empty()) {
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
    email_links(to, lang, subject, paragraphs, &links)
}

fn registration_nomination(
    to: &str,
    lang: Lang,
    m: &MeetingLine,
    name: &str,
    focal_point: &str,
    link: &str,
    self_registered: bool,
) -> Email {
    let meeting = meeting_line(m);
    let (subject, body, action) = match lang {
        Lang::En => (
            format!("New member of your delegation: {}", m.meeting),
            format!("{name} has registered for {meeting} as part of your country's delegation. You can review, replace or withdraw your delegation's members."),
            "Open the delegation",
        ),
        Lang::Fr => (
            format!("Nouveau membre de votre délégation : {}", m.meeting),
            format!("{name} s’est inscrit(e) à {meeting} au sein de la délégation de votre pays. Vous pouvez examiner, remplacer ou retirer les membres de votre délégation."),
            "Ouvrir la délégation",
        ),
        Lang::Pt => (
            format!("Novo membro da sua delegação: {}", m.meeting),
            format!("{name} inscreveu-se em {meeting} como parte da delegação do seu país. Pode rever, substituir ou retirar os membros da sua delegação."),
            "Abrir a delegação",
        ),
    };
    let mut paragraphs = vec![greeting(lang, focal_point), body];
    // A self-registration claims a place in the delegation: it gives no delegate right until the
    // focal point (or the secretariat) confirms it.
    if self_registered {
        paragraphs.push(
            match lang {
                Lang::En => "They registered themselves: confirm them as a member of your delegation if they belong to it, or withdraw the registration. Until you (or the secretariat) confirm it, it gives no access to delegates' papers or minutes.",
                Lang::Fr => "Cette personne s’est inscrite elle-même\u{a0}: confirmez-la comme membre de votre délégation si elle en fait partie, ou retirez l’inscription. Tant que vous (ou le secrétariat) ne l’avez pas confirmée, elle ne donne pas accès aux documents ni aux procès-verbaux des délégués.",
                Lang::Pt => "Esta pessoa inscreveu-se a si própria: confirme-a como membro da sua delegação se fizer parte dela, ou retire a inscrição. Até que você (ou o secretariado) a confirme, não dá acesso aos documentos nem às atas dos delegados.",
            }
            .to_string(),
        );
    }
    email(to, lang, subject, paragraphs, Some((action, link)))
}

fn minutes_circulated(to: &str, lang: Lang, name: &str, meeting: &str, closes: &str, link: &str) -> Email {
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
    email(to, lang, subject, vec![greeting(lang, name), body], Some((action, link)))
}

/// The secretariat's message to a meeting's participants: its subject, its text, and, when the
/// recipient's language had no text, a note that this is the original. The text is Markdown:
/// the plain-text part has it as written (paragraph by paragraph), the HTML part rendered and
/// sanitised as the message's page shows it, but with every image as a link and the site's own
/// addresses made absolute (`markdown::render_for_email`).
#[expect(clippy::too_many_arguments, reason = "one email's fields")]
fn participant_message(
    to: &str,
    lang: Lang,
    name: &str,
    meeting: &str,
    subject: &str,
    body: &str,
    original: Option<Lang>,
    link: &str,
) -> Email {
    // The language's name in the recipient's language, as the pages say it.
    let lang_name = |l: Lang| app::i18n::Strings::get(lang).lang_name(l);
    let (note, footer, action) = match lang {
        Lang::En => (
            original.map(|o| format!("This message has no English version; here it is as written, in {}.", lang_name(o))),
            format!("Sent by the MIDSA secretariat to the participants of {meeting}."),
            "Your registrations and messages",
        ),
        Lang::Fr => (
            original.map(|o| format!("Ce message n’existe pas en français\u{a0}; le voici tel qu’il a été écrit, en {}.", lang_name(o))),
            format!("Envoyé par le secrétariat du MIDSA aux participants de la réunion {meeting}."),
            "Vos inscriptions et messages",
        ),
        Lang::Pt => (
            original.map(|o| format!("Esta mensagem não existe em português; aqui está tal como foi escrita, em {}.", lang_name(o))),
            format!("Enviada pelo secretariado do MIDSA aos participantes da reunião {meeting}."),
            "As suas inscrições e mensagens",
        ),
    };
    let mut before = vec![greeting(lang, name)];
    before.extend(note);
    let mut paragraphs = before.clone();
    paragraphs.extend(body.split("\n\n").map(|p| p.trim().to_string()).filter(|p| !p.is_empty()));
    paragraphs.push(footer.clone());
    let subject = format!("{subject} \u{2014} {meeting}");
    let links = [(action, link)];
    // The site's own addresses in the text are made absolute against the email's own link.
    let block = app::ssr::markdown::render_for_email(body, link);
    Email {
        to: to.to_string(),
        html: html_around(lang, &subject, &before, &block, &[footer], &links),
        text: text_part(&paragraphs, &links),
        subject,
        attachments: vec![],
    }
}

/// The daily digest of new and updated papers: one line per paper with its link.
fn paper_digest(to: &str, lang: Lang, name: &str, papers: &[DigestPaper], link: &str) -> Email {
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
    let mut paragraphs = vec![greeting(lang, name), intro.to_string()];
    for paper in papers {
        paragraphs.push(format!("{} \u{2014} {}: {}", paper.title, paper.meeting, paper.link));
    }
    email(to, lang, subject.to_string(), paragraphs, Some((action, link)))
}

/// A focal point's reminder of missing progress reports (when a cycle opens, two weeks and three
/// days before the due date, and on it).
#[expect(clippy::too_many_arguments)]
fn cycle_reminder(
    to: &str,
    lang: Lang,
    step: ReminderStep,
    name: &str,
    meeting: &str,
    cycle: &str,
    due: &str,
    country: &str,
    missing: &[String],
    link: &str,
) -> Email {
    let (subject, lead, list, action) = match lang {
        Lang::En => (
            match step {
                ReminderStep::Due => format!("Progress reports due today: {cycle}"),
                ReminderStep::D3 | ReminderStep::D14 => format!("Reminder: progress reports due on {due}"),
                ReminderStep::Open => format!("Reporting cycle open: {cycle}"),
            },
            format!("The reporting cycle \u{201c}{cycle}\u{201d} on the Plan of Action of {meeting} is open. Reports are due on {due}."),
            format!("{country} has not yet submitted reports on:"),
            "Write the reports",
        ),
        Lang::Fr => (
            match step {
                ReminderStep::Due => format!("Rapports d'avancement attendus aujourd'hui : {cycle}"),
                ReminderStep::D3 | ReminderStep::D14 => format!("Rappel : rapports d'avancement attendus le {due}"),
                ReminderStep::Open => format!("Cycle de rapports ouvert : {cycle}"),
            },
            format!("Le cycle de rapports \u{ab} {cycle} \u{bb} sur le Plan d'action de {meeting} est ouvert. Les rapports sont attendus le {due}."),
            format!("{country} n'a pas encore soumis de rapport sur :"),
            "Rédiger les rapports",
        ),
        Lang::Pt => (
            match step {
                ReminderStep::Due => format!("Relatórios de progresso devidos hoje: {cycle}"),
                ReminderStep::D3 | ReminderStep::D14 => format!("Lembrete: relatórios de progresso devidos em {due}"),
                ReminderStep::Open => format!("Ciclo de relatórios aberto: {cycle}"),
            },
            format!("O ciclo de relatórios \u{201c}{cycle}\u{201d} sobre o Plano de Ação de {meeting} está aberto. Os relatórios são devidos em {due}."),
            format!("{country} ainda não submeteu relatórios sobre:"),
            "Escrever os relatórios",
        ),
    };
    email(to, lang, subject, vec![greeting(lang, name), lead, format!("{list} {}", missing.join(", "))], Some((action, link)))
}

/// To the secretariat on the due date: which member states have reports missing.
fn cycle_overdue(to: &str, lang: Lang, name: &str, meeting: &str, cycle: &str, countries: &[MissingReports], link: &str) -> Email {
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
    let mut paragraphs = vec![greeting(lang, name), lead];
    for c in countries {
        paragraphs.push(format!("{}: {}", c.country, c.missing));
    }
    email(to, lang, subject, paragraphs, Some((action, link)))
}

/// To a state's focal points: its migration profile is due for an update.
fn profile_due(to: &str, lang: Lang, name: &str, country: &str, latest: &str, interval: i32, link: &str) -> Email {
    let (subject, lead, ask, action) = match lang {
        Lang::En => (
            format!("The migration profile of {country} is due for an update"),
            if latest.is_empty() {
                format!("{country} has no published migration profile yet.")
            } else {
                format!("The latest published migration profile of {country} is the {latest} edition; profiles are updated every {interval} years.")
            },
            if latest.is_empty() {
                "Please prepare its first edition with your technical working group."
            } else {
                "Please start the next edition with your technical working group: it begins as a copy of the latest one."
            },
            "Open the profile",
        ),
        Lang::Fr => (
            // Without an article before the state's name ("du Mozambique", "de l'Angola"…).
            format!("Profil migratoire à mettre à jour\u{a0}: {country}"),
            if latest.is_empty() {
                format!("{country}\u{a0}: aucun profil migratoire publié pour l'instant.")
            } else {
                format!("{country}\u{a0}: le dernier profil migratoire publié est l'édition {latest}\u{a0}; les profils sont mis à jour tous les {interval}\u{a0}ans.")
            },
            if latest.is_empty() {
                "Veuillez préparer sa première édition avec votre groupe de travail technique."
            } else {
                "Veuillez commencer l'édition suivante avec votre groupe de travail technique\u{a0}: elle part d'une copie de la dernière."
            },
            "Ouvrir le profil",
        ),
        Lang::Pt => (
            format!("Perfil migratório a atualizar: {country}"),
            if latest.is_empty() {
                format!("{country}: ainda sem perfil migratório publicado.")
            } else {
                format!("{country}: o último perfil migratório publicado é a edição de {latest}; os perfis são atualizados a cada {interval} anos.")
            },
            if latest.is_empty() {
                "Prepare a sua primeira edição com o seu grupo de trabalho técnico."
            } else {
                "Comece a próxima edição com o seu grupo de trabalho técnico: ela parte de uma cópia da última."
            },
            "Abrir o perfil",
        ),
    };
    email(to, lang, subject, vec![greeting(lang, name), lead, ask.to_string()], Some((action, link)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line() -> MeetingLine {
        MeetingLine {
            meeting_id: 1,
            meeting: "MIDSA <2026>".into(),
            city: "Dar es Salaam".into(),
            venue: "JNICC".into(),
            start: "2026-12-07".into(),
            end: "2026-12-09".into(),
        }
    }

    /// One message of every kind (every registration status, every reminder step), with text
    /// that must be escaped in the HTML part.
    fn every_message() -> Vec<(String, OutboxMessage)> {
        use OutboxMessage as M;
        let link = || "http://127.0.0.1:3000/x".to_string();
        let mut all = vec![
            (
                "invite".to_string(),
                M::Invite {
                    name: "Ana <b>Silva</b>".into(),
                    role: "delegate".into(),
                    inviter: "Sec".into(),
                    link: "http://127.0.0.1:3000/invite/abc".into(),
                },
            ),
            ("password_link".into(), M::PasswordLink { name: "Ana Silva".into(), link: "http://127.0.0.1:3000/password/reset/abc".into() }),
            ("registration_confirm".into(), M::RegistrationConfirm { meeting: line(), name: "Ana Silva".into(), link: link() }),
            (
                "registration_exists".into(),
                M::RegistrationExists { meeting: line(), name: "Ana Silva".into(), status: "approved".into(), link: link() },
            ),
        ];
        for self_registered in [false, true] {
            all.push((
                format!("registration_nomination_{}", if self_registered { "self" } else { "nominated" }),
                M::RegistrationNomination {
                    meeting: line(),
                    name: "Ana Silva".into(),
                    focal_point: "FP".into(),
                    category: "delegation".into(),
                    link: link(),
                    self_registered,
                },
            ));
        }
        use StatusNotice as S;
        for status in [S::Pending, S::Approved, S::Waitlisted, S::Promoted, S::Rejected, S::Withdrawn, S::Reminder] {
            let account_link = (status == S::Approved).then(|| "http://127.0.0.1:3000/password/reset/acc".to_string());
            all.push((
                format!("registration_status_{}", serde_json::to_value(status).unwrap().as_str().unwrap()),
                M::RegistrationStatus {
                    meeting: line(),
                    name: "Ana Silva".into(),
                    status,
                    reason: "Quota <full>".into(),
                    link: link(),
                    account_link,
                },
            ));
        }
        all.push((
            "minutes_circulated".into(),
            M::MinutesCirculated { name: "Ana".into(), meeting: "MIDSA <2026>".into(), closes_on: "2026-12-20".into(), link: link() },
        ));
        all.push((
            "paper_digest".into(),
            M::PaperDigest {
                name: "Ana".into(),
                papers: vec![DigestPaper {
                    title: "Labour <migration>".into(),
                    meeting: "MIDSA 2026".into(),
                    link: "http://127.0.0.1:3000/papers/1".into(),
                }],
                link: link(),
            },
        ));
        for step in [ReminderStep::Open, ReminderStep::D14, ReminderStep::D3, ReminderStep::Due] {
            all.push((
                format!("cycle_reminder_{}", serde_json::to_value(step).unwrap().as_str().unwrap()),
                M::CycleReminder {
                    step,
                    name: "Ana".into(),
                    meeting: "MIDSA <2026>".into(),
                    cycle: "2027".into(),
                    due_on: "2027-03-01".into(),
                    country: "Tanzania".into(),
                    missing: vec!["R1.1".into(), "R2.3".into()],
                    link: link(),
                },
            ));
        }
        for (suffix, original) in [("", None), ("_original", Some(Lang::Fr))] {
            all.push((
                format!("participant_message{suffix}"),
                M::ParticipantMessage {
                    name: "Ana <b>Silva</b>".into(),
                    meeting: "MIDSA <2026>".into(),
                    subject: "Shuttle <times>".into(),
                    body: "The shuttle leaves the hotel at **07:30**.

Bring your badge."
                        .into(),
                    original,
                    link: link(),
                },
            ));
        }
        for (suffix, latest) in [("", "2022"), ("_none", "")] {
            all.push((
                format!("profile_due{suffix}"),
                M::ProfileDue {
                    name: "Ana <b>Silva</b>".into(),
                    country: "Mozambique".into(),
                    latest: latest.into(),
                    interval: 2,
                    link: link(),
                },
            ));
        }
        all.push((
            "cycle_overdue".into(),
            M::CycleOverdue {
                name: "Sec".into(),
                meeting: "MIDSA <2026>".into(),
                cycle: "2027".into(),
                due_on: "2027-03-01".into(),
                countries: vec![MissingReports { country: "Angola".into(), missing: 3 }],
                link: link(),
            },
        ));
        all
    }

    /// Every email in every language, text and HTML, as reviewed: a change to any wording shows
    /// in the snapshot's diff (`cargo insta review`, or `INSTA_UPDATE=always` then `git diff`).
    #[test]
    fn every_email_in_every_language() {
        for (name, msg) in every_message() {
            // The stored form reads back to the same message (the worker renders what it reads).
            let stored = serde_json::to_string(&msg).unwrap();
            assert_eq!(OutboxMessage::from_stored(msg.kind(), &stored).unwrap(), msg);
            for lang in Lang::ALL {
                let e = render(&msg, "ana@example.org", lang);
                assert!(e.html.contains(&format!("lang=\"{}\"", lang.code())), "{name} {lang:?}");
                assert!(
                    !e.html.contains("<b>Silva") && !e.html.contains("<2026>") && !e.html.contains("<full>"),
                    "{name} {lang:?}: unescaped text"
                );
                assert!(!e.subject.is_empty() && !e.subject.contains('\n'));
                insta::assert_snapshot!(
                    format!("{name}.{}", lang.code()),
                    format!("Subject: {}\n\n{}\n----\n{}", e.subject, e.text, e.html)
                );
            }
        }
    }

    #[test]
    fn links_and_details_reach_both_parts() {
        for (name, msg) in every_message() {
            for lang in Lang::ALL {
                let e = render(&msg, "a@b.org", lang);
                for link in ["http://127.0.0.1:3000/x", "http://127.0.0.1:3000/invite/abc", "http://127.0.0.1:3000/password/reset/abc"] {
                    if serde_json::to_string(&msg).unwrap().contains(&format!("\"{link}\"")) {
                        assert!(e.text.contains(link) && e.html.contains(&format!("href=\"{link}\"")), "{name} {lang:?}: {link}");
                    }
                }
                match &msg {
                    OutboxMessage::RegistrationStatus { status, account_link, .. } => {
                        let sep = if lang == Lang::Fr { "\u{a0}: " } else { ": " };
                        assert!(e.subject.ends_with(&format!("{sep}MIDSA <2026>")), "{name} {lang:?}: {}", e.subject);
                        assert!(e.text.contains("Dar es Salaam, 2026-12-07 \u{2013} 2026-12-09"));
                        assert_eq!(*status == StatusNotice::Rejected, e.text.contains("Quota <full>"));
                        if let Some(l) = account_link {
                            assert!(e.text.contains(l.as_str()) && e.html.contains(&format!("href=\"{l}\"")));
                        }
                    }
                    OutboxMessage::CycleReminder { .. } => assert!(e.text.contains("R1.1, R2.3") && e.text.contains("Tanzania")),
                    OutboxMessage::CycleOverdue { .. } => assert!(e.text.contains("Angola: 3")),
                    OutboxMessage::ParticipantMessage { .. } => {
                        // The Markdown as written in the text part, rendered in the HTML part.
                        assert!(e.text.contains("at **07:30**.\n\nBring your badge."), "{name} {lang:?}");
                        assert!(e.html.contains("<p>The shuttle leaves the hotel at <strong>07:30</strong>.</p>"), "{name} {lang:?}");
                        assert!(!e.html.contains("**"), "{name} {lang:?}");
                    }
                    OutboxMessage::PaperDigest { .. } => {
                        assert!(e.text.contains("http://127.0.0.1:3000/papers/1") && e.html.contains("Labour &lt;migration&gt;"))
                    }
                    OutboxMessage::RegistrationNomination { self_registered, .. } => {
                        let note = ["confirm them", "confirmez-la", "confirme-a"][Lang::ALL.iter().position(|l| *l == lang).unwrap()];
                        assert_eq!(*self_registered, e.text.contains(note), "{name} {lang:?}");
                    }
                    _ => {}
                }
            }
        }
        let fr = OutboxMessage::RegistrationStatus {
            meeting: MeetingLine { meeting: "MIDSA 2026".into(), ..line() },
            name: "A".into(),
            status: StatusNotice::Approved,
            reason: String::new(),
            link: "l".into(),
            account_link: None,
        };
        assert_eq!(render(&fr, "a@b.org", Lang::Fr).subject, "Inscription approuvée\u{a0}: MIDSA 2026");
    }

    #[test]
    fn a_messages_markdown_is_sanitised_in_the_html_part() {
        let msg = OutboxMessage::ParticipantMessage {
            name: "Ana".into(),
            meeting: "MIDSA".into(),
            subject: "Note".into(),
            body: "<script>alert(1)</script><img src=x onerror=alert(2)>\n\n[site](javascript:alert(3)) ![p](https://example.org/p.png) \
                   [agenda](/meetings/3/agenda) ![logo](/papers/1/files/2/logo.png)"
                .into(),
            original: None,
            link: "http://127.0.0.1:3000/x".into(),
        };
        let e = render(&msg, "a@b.org", Lang::En);
        for bad in ["<script", "onerror", "javascript:", "alert("] {
            assert!(!e.html.contains(bad), "{bad}: {}", e.html);
        }
        // Every image becomes a link (nothing is fetched when the email is opened), and the site's
        // own addresses are absolute.
        assert!(!e.html.contains("<img") && !e.html.contains("src="), "{}", e.html);
        assert!(e.html.contains("href=\"https://example.org/p.png\""), "{}", e.html);
        assert!(e.html.contains("<a href=\"http://127.0.0.1:3000/meetings/3/agenda\""), "{}", e.html);
        assert!(e.html.contains("<a href=\"http://127.0.0.1:3000/papers/1/files/2/logo.png\""), "{}", e.html);
    }
}
