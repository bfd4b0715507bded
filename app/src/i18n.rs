//! User-interface strings in English, French and Portuguese.
//!
//! Every key is declared once with its three translations; a missing translation is a compile
//! error (the macro needs exactly three strings per key), and the unit tests below refuse empty
//! strings and untranslated copies of the English text.

use crate::domain::{ErrorCode, ItemKind, Lang, MeetingKind, MeetingStatus, RegistrationCategory, RegistrationStatus, Role};
use chrono::{Datelike, NaiveDate, Weekday};
use leptos::prelude::*;

macro_rules! i18n {
    ($($key:ident: $en:literal, $fr:literal, $pt:literal;)+) => {
        /// All UI strings of one language.
        pub struct Strings { $(pub $key: &'static str,)+ }
        pub static EN: Strings = Strings { $($key: $en,)+ };
        pub static FR: Strings = Strings { $($key: $fr,)+ };
        pub static PT: Strings = Strings { $($key: $pt,)+ };
        /// (key, en, fr, pt) for the completeness tests.
        #[cfg(test)]
        pub(crate) const ALL_KEYS: &[(&str, &str, &str, &str)] = &[$((stringify!($key), $en, $fr, $pt),)+];
    };
}

i18n! {
    app_name: "MIDSA Dialogue", "Dialogue MIDSA", "Diálogo MIDSA";
    app_tagline: "Migration Dialogue for Southern Africa", "Dialogue sur les migrations pour l’Afrique australe", "Diálogo sobre Migração para a África Austral";
    skip_to_content: "Skip to main content", "Aller au contenu principal", "Saltar para o conteúdo principal";
    nav_main: "Main navigation", "Navigation principale", "Navegação principal";
    nav_meetings: "Meetings", "Réunions", "Reuniões";
    nav_users: "Users", "Utilisateurs", "Utilizadores";
    nav_audit: "Audit log", "Journal d’audit", "Registo de auditoria";
    nav_login: "Sign in", "Se connecter", "Iniciar sessão";
    nav_logout: "Sign out", "Se déconnecter", "Terminar sessão";
    nav_language: "Language", "Langue", "Idioma";
    change_language: "Change", "Changer", "Alterar";
    signed_in_as: "Signed in as", "Connecté en tant que", "Sessão iniciada como";
    footer_text: "Run by the IOM secretariat of the Migration Dialogue for Southern Africa.", "Géré par le secrétariat de l’OIM du Dialogue sur les migrations pour l’Afrique australe.", "Gerido pelo secretariado da OIM do Diálogo sobre Migração para a África Austral.";
    loading: "Loading…", "Chargement…", "A carregar…";

    meetings_title: "Meetings", "Réunions", "Reuniões";
    meetings_upcoming: "Upcoming meetings", "Réunions à venir", "Próximas reuniões";
    meetings_past: "Past meetings", "Réunions passées", "Reuniões anteriores";
    meetings_drafts: "Drafts (secretariat only)", "Brouillons (secrétariat uniquement)", "Rascunhos (apenas secretariado)";
    meetings_none: "No meetings to show.", "Aucune réunion à afficher.", "Nenhuma reunião a mostrar.";
    meeting_new: "New meeting", "Nouvelle réunion", "Nova reunião";
    meeting_dates: "Dates", "Dates", "Datas";
    meeting_venue: "Venue", "Lieu", "Local";
    meeting_city: "City", "Ville", "Cidade";
    meeting_host_country: "Host country", "Pays hôte", "País anfitrião";
    meeting_timezone: "Time zone", "Fuseau horaire", "Fuso horário";
    meeting_timezone_help: "Left empty: the host country's (its capital's). Otherwise an IANA name, e.g. Africa/Lubumbashi", "Vide\u{a0}: celui du pays hôte (de sa capitale). Sinon un nom IANA, p. ex. Africa/Lubumbashi", "Vazio: o do país anfitrião (da sua capital). Caso contrário, um nome IANA, p. ex. Africa/Lubumbashi";
    meeting_languages: "Working languages", "Langues de travail", "Línguas de trabalho";
    meeting_chair: "Chair", "Présidence", "Presidência";
    meeting_co_organisers: "Co-organisers", "Co-organisateurs", "Coorganizadores";
    meeting_co_organisers_help: "One per line", "Un par ligne", "Um por linha";
    meeting_kind: "Kind of meeting", "Type de réunion", "Tipo de reunião";
    meeting_title: "Title", "Titre", "Título";
    meeting_description: "Description", "Description", "Descrição";
    markdown_help: "Markdown: **bold**, *italic*, lists, links, tables.", "Markdown\u{a0}: **gras**, *italique*, listes, liens, tableaux.", "Markdown: **negrito**, *itálico*, listas, ligações, tabelas.";
    meeting_start_date: "First day", "Premier jour", "Primeiro dia";
    meeting_end_date: "Last day", "Dernier jour", "Último dia";
    meeting_status: "Status", "Statut", "Estado";
    meeting_edit: "Edit meeting", "Modifier la réunion", "Editar reunião";
    meeting_edit_agenda: "Edit agenda", "Modifier l’ordre du jour", "Editar agenda";
    meeting_view_agenda: "Agenda", "Ordre du jour", "Agenda";
    meeting_download_ics: "Add to calendar (.ics)", "Ajouter au calendrier (.ics)", "Adicionar ao calendário (.ics)";
    meeting_change_status: "Change status", "Changer le statut", "Alterar estado";
    meeting_status_to: "Move to", "Passer à", "Passar para";
    meeting_status_apply: "Apply", "Appliquer", "Aplicar";
    meeting_no_transitions: "No further status change is possible.", "Aucun autre changement de statut n’est possible.", "Não é possível outra alteração de estado.";
    meeting_created: "Meeting saved.", "Réunion enregistrée.", "Reunião guardada.";
    meeting_times_local: "All times are local to the venue", "Toutes les heures sont celles du lieu de la réunion", "Todas as horas são locais do local da reunião";
    meeting_your_time: "Your time", "Votre heure", "A sua hora";
    // Between a label and its value: French typography puts a non-breaking space before the colon.
    colon: ": ", "\u{a0}: ", ": ";
    // Numbers: thousands separator, decimal sign, and the percent sign with its spacing
    // (CLDR: French groups with a narrow no-break space and spaces the percent sign; Portuguese
    // as written in Mozambique and Angola groups with a no-break space).
    num_group: ",", "\u{202f}", "\u{a0}";
    num_decimal: ".", ",", ",";
    percent_suffix: "%", "\u{202f}%", "%";
    unit_b: "B", "o", "B";
    unit_kb: "KB", "Ko", "KB";
    unit_mb: "MB", "Mo", "MB";

    kind_ministerial_conference: "Ministerial conference", "Conférence ministérielle", "Conferência ministerial";
    kind_senior_officials: "Senior officials meeting", "Réunion des hauts fonctionnaires", "Reunião de altos funcionários";
    kind_technical_working_group: "Technical working group", "Groupe de travail technique", "Grupo de trabalho técnico";
    kind_workshop: "Workshop", "Atelier", "Seminário";

    status_draft: "Draft", "Brouillon", "Rascunho";
    status_announced: "Announced", "Annoncée", "Anunciada";
    status_registration_open: "Registration open", "Inscriptions ouvertes", "Inscrições abertas";
    status_registration_closed: "Registration closed", "Inscriptions closes", "Inscrições encerradas";
    status_held: "Held", "Tenue", "Realizada";
    status_minutes_adopted: "Minutes adopted", "Procès-verbal adopté", "Ata adotada";

    agenda_title: "Agenda", "Ordre du jour", "Agenda";
    agenda_revision: "Revision", "Révision", "Revisão";
    agenda_published_on: "published", "publiée le", "publicada em";
    agenda_not_published: "The agenda has not been published yet.", "L’ordre du jour n’a pas encore été publié.", "A agenda ainda não foi publicada.";
    agenda_revisions: "All revisions", "Toutes les révisions", "Todas as revisões";
    agenda_latest: "Latest revision", "Dernière révision", "Revisão mais recente";
    agenda_older_notice: "You are reading an earlier revision.", "Vous consultez une révision antérieure.", "Está a ler uma revisão anterior.";
    agenda_changelog: "Changes in this revision", "Modifications de cette révision", "Alterações nesta revisão";
    agenda_first_revision: "First published version.", "Première version publiée.", "Primeira versão publicada.";
    agenda_change_added: "Added", "Ajouté", "Adicionado";
    agenda_change_removed: "Removed", "Supprimé", "Removido";
    agenda_change_moved: "Moved", "Déplacé", "Movido";
    agenda_change_changed: "Changed", "Modifié", "Alterado";
    agenda_print: "Print", "Imprimer", "Imprimir";
    agenda_room: "Room", "Salle", "Sala";
    agenda_speakers: "Speakers", "Intervenants", "Oradores";
    agenda_chair: "Chair", "Présidence", "Presidência";
    agenda_break: "Break", "Pause", "Intervalo";
    agenda_session: "Session", "Séance", "Sessão";
    agenda_time: "Time", "Heure", "Hora";
    agenda_day: "Day", "Jour", "Dia";
    agenda_empty_session: "No items yet.", "Aucun point pour l’instant.", "Ainda sem pontos.";

    editor_title: "Agenda editor", "Éditeur de l’ordre du jour", "Editor da agenda";
    editor_intro: "Changes here are a working copy. Delegates see them only after you publish a revision.", "Les modifications sont une copie de travail. Les délégués ne les voient qu’après publication d’une révision.", "As alterações são uma cópia de trabalho. Os delegados só as veem depois de publicar uma revisão.";
    editor_add_session: "Add a session", "Ajouter une séance", "Adicionar uma sessão";
    editor_add_item: "Add an item", "Ajouter un point", "Adicionar um ponto";
    editor_session_title: "Session title", "Titre de la séance", "Título da sessão";
    editor_item_title: "Item title", "Intitulé du point", "Título do ponto";
    editor_start: "Starts", "Début", "Início";
    editor_end: "Ends", "Fin", "Fim";
    editor_kind: "Type", "Type", "Tipo";
    editor_speakers_help: "One per line: Name; Role; Country or organisation", "Un par ligne\u{a0}: Nom\u{a0}; Fonction\u{a0}; Pays ou organisation", "Um por linha: Nome; Função; País ou organização";
    editor_chair_help: "Name; Role; Country or organisation", "Nom\u{a0}; Fonction\u{a0}; Pays ou organisation", "Nome; Função; País ou organização";
    editor_session: "Session", "Séance", "Sessão";
    editor_move_up: "Move up", "Monter", "Subir";
    editor_move_down: "Move down", "Descendre", "Descer";
    editor_delete: "Delete", "Supprimer", "Eliminar";
    editor_edit: "Edit", "Modifier", "Editar";
    editor_save: "Save", "Enregistrer", "Guardar";
    editor_publish: "Publish a new revision", "Publier une nouvelle révision", "Publicar uma nova revisão";
    editor_publish_note: "What changed (shown with the revision)", "Ce qui a changé (affiché avec la révision)", "O que mudou (mostrado com a revisão)";
    editor_publish_button: "Publish", "Publier", "Publicar";
    editor_unpublished: "Unpublished changes since the last revision", "Modifications non publiées depuis la dernière révision", "Alterações não publicadas desde a última revisão";
    editor_no_changes: "No changes since the last revision.", "Aucune modification depuis la dernière révision.", "Sem alterações desde a última revisão.";
    editor_item_kind_item: "Agenda item", "Point de l’ordre du jour", "Ponto da agenda";
    editor_item_kind_break: "Break", "Pause", "Intervalo";
    editor_back: "Back to the editor", "Retour à l’éditeur", "Voltar ao editor";
    editor_edit_item: "Edit agenda item", "Modifier le point", "Editar ponto da agenda";
    editor_edit_session: "Edit session", "Modifier la séance", "Editar sessão";
    editor_confirm_delete: "Delete for good", "Supprimer définitivement", "Eliminar definitivamente";

    form_save: "Save", "Enregistrer", "Guardar";
    form_create: "Create", "Créer", "Criar";
    form_cancel: "Cancel", "Annuler", "Cancelar";
    form_errors_intro: "Please correct the highlighted fields.", "Veuillez corriger les champs signalés.", "Corrija os campos assinalados.";
    form_optional: "optional", "facultatif", "opcional";
    form_choose: "Choose…", "Choisir…", "Escolher…";
    form_saved: "Saved.", "Enregistré.", "Guardado.";

    login_title: "Sign in", "Connexion", "Iniciar sessão";
    login_email: "Email address", "Adresse électronique", "Endereço de correio eletrónico";
    login_password: "Password", "Mot de passe", "Palavra-passe";
    login_submit: "Sign in", "Se connecter", "Entrar";
    login_failed: "The email address or password is not correct.", "L’adresse électronique ou le mot de passe est incorrect.", "O endereço de correio eletrónico ou a palavra-passe não está correto.";
    login_rate_limited: "Too many attempts. Please wait 15 minutes and try again.", "Trop de tentatives. Veuillez patienter 15 minutes puis réessayer.", "Demasiadas tentativas. Aguarde 15 minutos e tente novamente.";
    invite_title: "Accept your invitation", "Accepter votre invitation", "Aceitar o seu convite";
    invite_intro: "Choose a password of at least 12 characters to activate your account.", "Choisissez un mot de passe d’au moins 12 caractères pour activer votre compte.", "Escolha uma palavra-passe com pelo menos 12 caracteres para ativar a sua conta.";
    invite_password_confirm: "Repeat the password", "Répétez le mot de passe", "Repita a palavra-passe";
    invite_submit: "Activate my account", "Activer mon compte", "Ativar a minha conta";
    invite_invalid: "This invitation link is not valid or has expired. Ask the secretariat for a new one.", "Ce lien d’invitation n’est pas valide ou a expiré. Demandez-en un nouveau au secrétariat.", "Esta ligação de convite não é válida ou expirou. Peça uma nova ao secretariado.";

    users_title: "Users", "Utilisateurs", "Utilizadores";
    users_invite: "Invite a user", "Inviter un utilisateur", "Convidar um utilizador";
    users_name: "Full name", "Nom complet", "Nome completo";
    users_role: "Role", "Rôle", "Função";
    users_country: "Member state", "État membre", "Estado-membro";
    users_country_help: "Focal points only", "Points focaux uniquement", "Apenas pontos focais";
    users_body: "Or regional body", "Ou organisme régional", "Ou organismo regional";
    users_body_help: "Focal points of a regional body, who report on regional recommendations", "Points focaux d'un organisme régional, qui rendent compte des recommandations régionales", "Pontos focais de um organismo regional, que reportam sobre as recomendações regionais";
    users_invite_submit: "Send invitation", "Envoyer l’invitation", "Enviar convite";
    users_invited: "The invitation was emailed to the person invited (the link, valid for 7 days, is in their email only).", "L’invitation a été envoyée par courriel à la personne invitée (le lien, valable 7 jours, n’est que dans son courriel).", "O convite foi enviado por correio eletrónico à pessoa convidada (a ligação, válida durante 7 dias, está apenas na mensagem).";
    users_pending: "Invitation pending", "Invitation en attente", "Convite pendente";
    users_active: "Active", "Actif", "Ativo";
    users_state: "State", "État", "Situação";
    users_inactive: "Deactivated", "Désactivé", "Desativado";
    users_scope: "Member state or body", "État membre ou organisme", "Estado-membro ou organismo";
    users_none: "No account matches these filters.", "Aucun compte ne correspond à ces filtres.", "Nenhuma conta corresponde a estes filtros.";
    users_last_login: "Last sign-in", "Dernière connexion", "Último início de sessão";
    users_never: "never", "jamais", "nunca";
    users_change_role: "Role and member state or body", "Rôle et État membre ou organisme", "Função e Estado-membro ou organismo";
    users_save: "Save", "Enregistrer", "Guardar";
    users_access: "Access", "Accès", "Acesso";
    users_deactivate: "Deactivate the account", "Désactiver le compte", "Desativar a conta";
    users_reactivate: "Reactivate the account", "Réactiver le compte", "Reativar a conta";
    users_resend: "Send a new invitation", "Envoyer une nouvelle invitation", "Enviar um novo convite";
    users_deactivate_help: "Deactivating ends every session and API token of the account at once. The last active secretariat account cannot be deactivated.", "La désactivation met fin immédiatement à toutes les sessions et à tous les jetons d’API du compte. Le dernier compte actif du secrétariat ne peut pas être désactivé.", "A desativação termina de imediato todas as sessões e tokens de API da conta. A última conta ativa do secretariado não pode ser desativada.";
    users_sessions: "Open sessions", "Sessions ouvertes", "Sessões abertas";
    users_no_sessions: "No open session.", "Aucune session ouverte.", "Nenhuma sessão aberta.";
    users_session_since: "Signed in on", "Connecté le", "Sessão iniciada em";
    users_session_until: "ends on", "se termine le", "termina em";
    login_forgot: "Forgot your password, or never set one? Get a link to set it.", "Mot de passe oublié, ou jamais défini\u{a0}? Recevez un lien pour le choisir.", "Esqueceu a palavra-passe, ou nunca a definiu? Receba uma ligação para a escolher.";
    pw_forgot_title: "Set or reset your password", "Choisir ou réinitialiser votre mot de passe", "Definir ou repor a sua palavra-passe";
    pw_forgot_intro: "Enter the email address of your account. If there is an account for it, we email a link to choose a new password; the link works once, for one hour.", "Saisissez l’adresse électronique de votre compte. S’il existe un compte pour cette adresse, nous envoyons un lien pour choisir un nouveau mot de passe\u{a0}; le lien fonctionne une fois, pendant une heure.", "Introduza o endereço de correio eletrónico da sua conta. Se existir uma conta com esse endereço, enviamos uma ligação para escolher uma nova palavra-passe; a ligação funciona uma vez, durante uma hora.";
    pw_forgot_submit: "Email me a link", "M’envoyer un lien", "Enviar-me uma ligação";
    pw_forgot_sent: "If an account exists for this address, an email with a link is on its way. The link works for one hour.", "S’il existe un compte pour cette adresse, un courriel avec un lien est en route. Le lien fonctionne pendant une heure.", "Se existir uma conta para este endereço, vai receber uma mensagem com uma ligação. A ligação funciona durante uma hora.";
    pw_reset_title: "Choose your password", "Choisissez votre mot de passe", "Escolha a sua palavra-passe";
    pw_reset_submit: "Save the password and sign in", "Enregistrer le mot de passe et se connecter", "Guardar a palavra-passe e entrar";
    pw_new: "New password", "Nouveau mot de passe", "Nova palavra-passe";
    pw_rules: "At least 12 characters.", "Au moins 12 caractères.", "Pelo menos 12 caracteres.";
    pw_current: "Current password", "Mot de passe actuel", "Palavra-passe atual";
    pw_change_title: "Change your password", "Changer votre mot de passe", "Alterar a sua palavra-passe";
    pw_change_submit: "Change the password", "Changer le mot de passe", "Alterar a palavra-passe";
    pw_changed: "Your password was changed. Your other sessions were signed out.", "Votre mot de passe a été changé. Vos autres sessions ont été fermées.", "A sua palavra-passe foi alterada. As suas outras sessões foram terminadas.";
    me_password: "Change your password", "Changer votre mot de passe", "Alterar a sua palavra-passe";
    me_change: "Change", "Modifier", "Alterar";
    me_cancel: "Cancel my registration", "Annuler mon inscription", "Cancelar a minha inscrição";
    me_updated: "Your registration was updated.", "Votre inscription a été mise à jour.", "A sua inscrição foi atualizada.";
    me_cancelled: "Your registration was cancelled.", "Votre inscription a été annulée.", "A sua inscrição foi cancelada.";
    me_awaiting_delegation: "Awaiting your country’s focal point: until they (or the secretariat) confirm you as a member of the delegation, this registration gives no access to delegates’ papers or minutes.", "En attente du point focal de votre pays\u{a0}: tant qu’il (ou le secrétariat) ne vous a pas confirmé comme membre de la délégation, cette inscription ne donne pas accès aux documents ni aux procès-verbaux des délégués.", "A aguardar o ponto focal do seu país: até que este (ou o secretariado) o confirme como membro da delegação, esta inscrição não dá acesso aos documentos nem às atas dos delegados.";
    me_awaiting_confirmation: "Awaiting the secretariat’s confirmation: until then this registration gives no access to delegates’ papers or minutes.", "En attente de la confirmation du secrétariat\u{a0}: jusque-là, cette inscription ne donne pas accès aux documents ni aux procès-verbaux des délégués.", "A aguardar a confirmação do secretariado: até lá, esta inscrição não dá acesso aos documentos nem às atas dos delegados.";
    me_edit_title: "Your registration", "Votre inscription", "A sua inscrição";
    me_edit_fixed: "The category, the country or organisation and the email address stay as registered. To change them, ask the secretariat or your focal point.", "La catégorie, le pays ou l’organisation et l’adresse électronique restent tels qu’inscrits. Pour les changer, adressez-vous au secrétariat ou à votre point focal.", "A categoria, o país ou organização e o endereço de correio eletrónico ficam como inscritos. Para os alterar, contacte o secretariado ou o seu ponto focal.";
    me_deadline: "You may change or cancel your registration until", "Vous pouvez modifier ou annuler votre inscription jusqu’au", "Pode alterar ou cancelar a sua inscrição até";
    me_edit_save: "Save the changes", "Enregistrer les modifications", "Guardar as alterações";
    reg_confirm_delegation: "Confirm as member of the delegation", "Confirmer comme membre de la délégation", "Confirmar como membro da delegação";
    reg_unconfirmed_delegation: "Self-registered: not yet confirmed by the focal point", "Inscrit lui-même\u{a0}: pas encore confirmé par le point focal", "Inscreveu-se: ainda não confirmado pelo ponto focal";
    role_secretariat: "Secretariat", "Secrétariat", "Secretariado";
    role_focal_point: "Focal point", "Point focal", "Ponto focal";
    role_delegate: "Delegate", "Délégué", "Delegado";

    audit_title: "Audit log", "Journal d’audit", "Registo de auditoria";
    audit_intro: "Every change, newest first. The log cannot be edited or deleted.", "Chaque modification, la plus récente en premier. Le journal ne peut être ni modifié ni supprimé.", "Cada alteração, a mais recente primeiro. O registo não pode ser editado nem eliminado.";
    audit_at: "When (UTC)", "Quand (UTC)", "Quando (UTC)";
    audit_actor: "Who", "Qui", "Quem";
    audit_action: "Action", "Action", "Ação";
    audit_entity: "Object", "Objet", "Objeto";
    audit_summary: "Summary", "Résumé", "Resumo";
    audit_filter_entity: "Object type", "Type d’objet", "Tipo de objeto";
    audit_filter: "Filter", "Filtrer", "Filtrar";
    audit_all: "All", "Tous", "Todos";
    audit_older: "Older entries", "Entrées plus anciennes", "Entradas mais antigas";
    audit_none: "No entries.", "Aucune entrée.", "Sem entradas.";

    err_not_found_title: "Not found", "Introuvable", "Não encontrado";
    err_not_found_body: "This page does not exist, or you may not see it.", "Cette page n’existe pas, ou vous n’êtes pas autorisé à la voir.", "Esta página não existe ou não tem permissão para a ver.";
    err_unauthenticated_title: "Please sign in", "Veuillez vous connecter", "Inicie sessão";
    err_unauthenticated_body: "You need to sign in to see this page.", "Vous devez vous connecter pour voir cette page.", "Precisa de iniciar sessão para ver esta página.";
    err_forbidden_title: "Not allowed", "Non autorisé", "Não permitido";
    err_forbidden_body: "Your account may not do this.", "Votre compte n’est pas autorisé à effectuer cette action.", "A sua conta não tem permissão para isto.";
    err_internal_title: "Something went wrong", "Une erreur s’est produite", "Ocorreu um erro";
    err_internal_body: "Please try again. If it happens again, quote this reference to the secretariat:", "Veuillez réessayer. Si cela se reproduit, communiquez cette référence au secrétariat\u{a0}:", "Tente novamente. Se voltar a acontecer, indique esta referência ao secretariado:";
    err_conflict_title: "Changed by someone else", "Modifié par quelqu’un d’autre", "Alterado por outra pessoa";
    err_conflict_body: "Someone else saved this in the meantime. Reload the page to see their version, then apply your change again.", "Quelqu’un d’autre a enregistré entre-temps. Rechargez la page pour voir sa version, puis refaites votre modification.", "Outra pessoa guardou entretanto. Recarregue a página para ver a versão dela e aplique de novo a sua alteração.";
    err_generic_title: "Request refused", "Demande refusée", "Pedido recusado";
    err_bad_request: "The request could not be read. Reload the page and try again.", "La demande n’a pas pu être lue. Rechargez la page et réessayez.", "Não foi possível ler o pedido. Recarregue a página e tente novamente.";

    fe_required: "This field is required.", "Ce champ est obligatoire.", "Este campo é obrigatório.";
    fe_too_long: "Too long: at most {n} characters.", "Trop long\u{a0}: {n} caractères au maximum.", "Demasiado longo: no máximo {n} caracteres.";
    fe_too_short: "Too short: at least {n} characters.", "Trop court\u{a0}: au moins {n} caractères.", "Demasiado curto: pelo menos {n} caracteres.";
    fe_invalid_email: "Enter a valid email address, like name@example.org.", "Saisissez une adresse électronique valide, comme nom@exemple.org.", "Introduza um endereço de correio eletrónico válido, como nome@exemplo.org.";
    fe_invalid_country: "Choose one of the 16 SADC member states.", "Choisissez l’un des 16 États membres de la SADC.", "Escolha um dos 16 Estados-membros da SADC.";
    fe_invalid_timezone: "Choose a valid time zone, e.g. Africa/Dar_es_Salaam.", "Choisissez un fuseau horaire valide, p. ex. Africa/Dar_es_Salaam.", "Escolha um fuso horário válido, p. ex. Africa/Dar_es_Salaam.";
    fe_invalid_date: "Enter a valid date (YYYY-MM-DD).", "Saisissez une date valide (AAAA-MM-JJ).", "Introduza uma data válida (AAAA-MM-DD).";
    fe_invalid_time: "Enter a time as HH:MM (24-hour clock).", "Saisissez une heure au format HH:MM (24 h).", "Introduza uma hora no formato HH:MM (24 h).";
    fe_invalid_choice: "Choose one of the listed options.", "Choisissez l’une des options proposées.", "Escolha uma das opções apresentadas.";
    fe_end_before_start: "The end must be after the start.", "La fin doit être postérieure au début.", "O fim tem de ser posterior ao início.";
    fe_outside_dates: "Must fall within the meeting dates.", "Doit se situer dans les dates de la réunion.", "Tem de estar dentro das datas da reunião.";
    fe_overlap: "Overlaps with “{with}” in the same session.", "Chevauche «\u{a0}{with}\u{a0}» dans la même séance.", "Sobrepõe-se a “{with}” na mesma sessão.";
    fe_changed_meanwhile: "Someone else changed this text after you opened the page; it now reads “{text}”. Save again to replace it with yours.", "Quelqu’un d’autre a modifié ce texte après l’ouverture de la page\u{a0}; il se lit maintenant «\u{a0}{text}\u{a0}». Enregistrez à nouveau pour le remplacer par le vôtre.", "Outra pessoa alterou este texto depois de abrir a página; agora diz “{text}”. Guarde de novo para o substituir pelo seu.";
    fe_removed_meanwhile: "Someone else removed this text after you opened the page. Save again to keep yours.", "Quelqu’un d’autre a supprimé ce texte après l’ouverture de la page. Enregistrez à nouveau pour garder le vôtre.", "Outra pessoa removeu este texto depois de abrir a página. Guarde de novo para manter o seu.";
    fe_invalid_person: "Write one person per line as: Name; Role; Country or organisation.", "Une personne par ligne\u{a0}: Nom\u{a0}; Fonction\u{a0}; Pays ou organisation.", "Uma pessoa por linha: Nome; Função; País ou organização.";
    fe_email_taken: "An account with this email address already exists.", "Un compte existe déjà avec cette adresse électronique.", "Já existe uma conta com este endereço de correio eletrónico.";
    fe_no_language: "Choose at least one working language.", "Choisissez au moins une langue de travail.", "Escolha pelo menos uma língua de trabalho.";
    fe_illegal_transition: "This status change is not allowed.", "Ce changement de statut n’est pas autorisé.", "Esta alteração de estado não é permitida.";
    fe_password_mismatch: "The two passwords do not match.", "Les deux mots de passe ne correspondent pas.", "As duas palavras-passe não coincidem.";
    fe_country_required: "A focal point must be bound to a member state or a regional body.", "Un point focal doit être rattaché à un État membre ou à un organisme régional.", "Um ponto focal tem de estar associado a um Estado-membro ou a um organismo regional.";
    fe_nothing_to_publish: "Nothing has changed since the last published revision.", "Rien n’a changé depuis la dernière révision publiée.", "Nada mudou desde a última revisão publicada.";
    fe_out_of_range: "Enter a whole number from {min} to {max}.", "Saisissez un nombre entier de {min} à {max}.", "Introduza um número inteiro de {min} a {max}.";
    fe_invalid_phone: "Enter a phone number with 6 to 20 digits, e.g. +255 22 211 0000.", "Saisissez un numéro de téléphone de 6 à 20 chiffres, p. ex. +255 22 211 0000.", "Introduza um número de telefone com 6 a 20 dígitos, p. ex. +255 22 211 0000.";
    fe_already_registered: "This email address is already registered for this meeting.", "Cette adresse électronique est déjà inscrite à cette réunion.", "Este endereço de correio eletrónico já está inscrito nesta reunião.";
    fe_registration_closed: "Registration for this meeting is not open.", "Les inscriptions à cette réunion ne sont pas ouvertes.", "As inscrições para esta reunião não estão abertas.";
    fe_organisation_required: "Name the organisation you represent.", "Indiquez l’organisation que vous représentez.", "Indique a organização que representa.";
    fe_country_not_allowed: "Only focal points are bound to a member state.", "Seuls les points focaux sont rattachés à un État membre.", "Apenas os pontos focais estão associados a um Estado-membro.";

    reg_title: "Registration", "Inscription", "Inscrição";
    reg_register: "Register", "S’inscrire", "Inscrever-se";
    reg_register_for: "Register for this meeting", "S’inscrire à cette réunion", "Inscrever-se nesta reunião";
    reg_nominate: "Nominate a delegate", "Désigner un délégué", "Designar um delegado";
    reg_not_set_up: "Registration has not been set up for this meeting.", "Les inscriptions n’ont pas encore été organisées pour cette réunion.", "As inscrições ainda não foram organizadas para esta reunião.";
    reg_closed: "Registration is not open at the moment.", "Les inscriptions ne sont pas ouvertes pour le moment.", "As inscrições não estão abertas de momento.";
    reg_window: "Registration period (venue time)", "Période d’inscription (heure du lieu)", "Período de inscrição (hora local)";
    reg_places: "Places taken", "Places occupées", "Lugares ocupados";
    reg_waitlisted_count: "On the waiting list", "Sur la liste d’attente", "Na lista de espera";
    reg_settings: "Registration settings", "Paramètres des inscriptions", "Definições de inscrição";
    reg_opens_at: "Opens (venue time)", "Ouverture (heure du lieu)", "Abertura (hora local)";
    reg_closes_at: "Closes (venue time)", "Clôture (heure du lieu)", "Encerramento (hora local)";
    reg_capacity: "Capacity (places)", "Capacité (places)", "Capacidade (lugares)";
    reg_quota: "Places per member-state delegation", "Places par délégation d’État membre", "Lugares por delegação de Estado-membro";
    reg_categories: "Categories offered", "Catégories proposées", "Categorias disponíveis";
    reg_approval_required: "The secretariat approves each registration", "Le secrétariat approuve chaque inscription", "O secretariado aprova cada inscrição";
    reg_category: "Category", "Catégorie", "Categoria";
    reg_country: "Member state (delegation)", "État membre (délégation)", "Estado-membro (delegação)";
    reg_country_help: "Required for heads of delegation, delegates and advisers.", "Obligatoire pour les chefs de délégation, délégués et conseillers.", "Obrigatório para chefes de delegação, delegados e assessores.";
    reg_organisation: "Organisation", "Organisation", "Organização";
    reg_person_title: "Title (e.g. Hon., Dr)", "Titre (p. ex. S.E., Dr)", "Título (p. ex. S.Exa., Dr.)";
    reg_given_name: "Given name", "Prénom", "Nome próprio";
    reg_family_name: "Family name", "Nom de famille", "Apelido";
    reg_position: "Position", "Fonction", "Cargo";
    reg_ministry: "Ministry or organisation unit", "Ministère ou service", "Ministério ou serviço";
    reg_email: "Email", "Adresse électronique", "Correio eletrónico";
    reg_phone: "Phone", "Téléphone", "Telefone";
    reg_dietary: "Dietary needs", "Régime alimentaire", "Necessidades alimentares";
    reg_accessibility: "Accessibility needs", "Besoins d’accessibilité", "Necessidades de acessibilidade";
    reg_arrival: "Arrival date", "Date d’arrivée", "Data de chegada";
    reg_departure: "Departure date", "Date de départ", "Data de partida";
    reg_passport: "Passport (for a visa support letter; seen only by the secretariat)", "Passeport (pour une lettre d’appui au visa\u{a0}; vu uniquement par le secrétariat)", "Passaporte (para carta de apoio ao visto; visto apenas pelo secretariado)";
    reg_passport_number: "Passport number", "Numéro de passeport", "Número do passaporte";
    reg_passport_nationality: "Nationality", "Nationalité", "Nacionalidade";
    reg_passport_expiry: "Passport expiry date", "Date d’expiration du passeport", "Data de validade do passaporte";
    reg_consent: "Consent", "Consentement", "Consentimento";
    reg_consent_list: "Show my name, position and country on the public participant list", "Afficher mon nom, ma fonction et mon pays sur la liste publique des participants", "Mostrar o meu nome, cargo e país na lista pública de participantes";
    reg_consent_contact: "The secretariat may contact me by email about MIDSA activities", "Le secrétariat peut me contacter par courriel au sujet des activités du MIDSA", "O secretariado pode contactar-me por correio eletrónico sobre as atividades do MIDSA";
    reg_thanks_title: "Check your email", "Consultez votre messagerie", "Consulte o seu correio eletrónico";
    reg_thanks_body: "We have sent you a link to confirm your email address. Your registration counts once you have confirmed it.", "Nous vous avons envoyé un lien pour confirmer votre adresse électronique. Votre inscription sera prise en compte dès sa confirmation.", "Enviámos-lhe uma ligação para confirmar o seu endereço. A sua inscrição passa a contar depois de confirmada.";
    reg_confirm_title: "Confirm your registration", "Confirmer votre inscription", "Confirmar a sua inscrição";
    reg_confirm_button: "Confirm my registration", "Confirmer mon inscription", "Confirmar a minha inscrição";
    reg_confirmed: "Thank you: your email is confirmed. Your registration is now:", "Merci\u{a0}: votre adresse est confirmée. Votre inscription est maintenant\u{a0}:", "Obrigado: o seu endereço está confirmado. A sua inscrição está agora:";
    reg_list_title: "Registrations", "Inscriptions", "Inscrições";
    reg_none: "No registrations yet.", "Aucune inscription pour l’instant.", "Ainda não há inscrições.";
    reg_name: "Name", "Nom", "Nome";
    reg_status: "Status", "Statut", "Estado";
    reg_select: "Select", "Sélectionner", "Selecionar";
    reg_approve_selected: "Approve selected", "Approuver la sélection", "Aprovar selecionados";
    reg_reject_selected: "Reject selected", "Refuser la sélection", "Recusar selecionados";
    letter_invitation: "Invitation letter", "Lettre d’invitation", "Carta de convite";
    letter_certificate: "Certificate of attendance", "Attestation de participation", "Certificado de participação";
    letter_reference: "Reference: {r}", "Référence\u{a0}: {r}", "Referência: {r}";
    letter_to: "To:", "À l’attention de\u{a0}:", "À atenção de:";
    letter_subject: "Subject: invitation to the {meeting}", "Objet\u{a0}: invitation à la réunion «\u{a0}{meeting}\u{a0}»", "Assunto: convite para a reunião «{meeting}»";
    letter_salutation: "Dear Sir or Madam,", "Madame, Monsieur,", "Exmo(a). Senhor(a),";
    letter_invitation_body: "On behalf of the Secretariat of the Migration Dialogue for Southern Africa (MIDSA), we are pleased to confirm that {name} is registered and approved to take part as {category} ({affiliation}) in the {meeting}, to be held at {venue}, {city}, {country}, on {dates}.", "Au nom du Secrétariat du Dialogue sur les migrations pour l’Afrique australe (MIDSA), nous avons le plaisir de confirmer que {name} est inscrit(e) et admis(e) à participer en qualité de {category} ({affiliation}) à la réunion «\u{a0}{meeting}\u{a0}», qui se tiendra à {venue}, {city}, {country}, les {dates}.", "Em nome do Secretariado do Diálogo sobre Migração para a África Austral (MIDSA), temos o prazer de confirmar que {name} está inscrito(a) e aprovado(a) para participar como {category} ({affiliation}) na reunião «{meeting}», que terá lugar em {venue}, {city}, {country}, em {dates}.";
    letter_visa: "This letter is issued to support the visa application of the participant named above, whose details are:", "La présente lettre est délivrée à l’appui de la demande de visa de la personne désignée ci-dessus, dont voici les données\u{a0}:", "A presente carta é emitida para apoiar o pedido de visto da pessoa acima indicada, cujos dados são:";
    letter_name: "Name", "Nom", "Nome";
    letter_function: "Function", "Fonction", "Função";
    letter_affiliation: "Country or organisation", "Pays ou organisation", "País ou organização";
    letter_passport: "Passport number", "Numéro de passeport", "Número do passaporte";
    letter_assist: "We would be grateful for any assistance the authorities of {country} can extend to facilitate the participant’s travel.", "Nous saurions gré aux autorités du pays hôte, {country}, de toute facilité accordée pour le voyage de la personne participante.", "Agradecemos toda a assistência que as autoridades do país anfitrião, {country}, possam prestar para facilitar a viagem do(a) participante.";
    letter_closing: "Yours faithfully,", "Veuillez agréer, Madame, Monsieur, l’expression de notre haute considération.", "Com os melhores cumprimentos,";
    letter_secretariat: "MIDSA Secretariat, International Organization for Migration (IOM)", "Secrétariat du MIDSA, Organisation internationale pour les migrations (OIM)", "Secretariado do MIDSA, Organização Internacional para as Migrações (OIM)";
    letter_certify: "This is to certify that", "Nous certifions que", "Certificamos que";
    letter_attended: "attended the {meeting}, held at {venue}, {city}, {country}, on {dates}.", "a participé à la réunion «\u{a0}{meeting}\u{a0}», tenue à {venue}, {city}, {country}, les {dates}.", "participou na reunião «{meeting}», realizada em {venue}, {city}, {country}, em {dates}.";
    letter_issued: "Issued on {date}", "Délivré le {date}", "Emitido em {date}";
    letters_title: "Invitation letters and certificates", "Lettres d’invitation et attestations", "Cartas de convite e certificados";
    letters_help: "Each approved participant can download an invitation letter for a visa application from their page; after the meeting, everyone checked in can download a certificate of attendance. Both carry the letterhead, signature and signatory set here, in the participant’s language.", "Chaque participant approuvé peut télécharger une lettre d’invitation pour sa demande de visa depuis sa page\u{a0}; après la réunion, chaque personne enregistrée à l’accueil peut télécharger une attestation de participation. Les deux portent l’en-tête, la signature et le signataire définis ici, dans la langue du participant.", "Cada participante aprovado pode descarregar uma carta de convite para o pedido de visto na sua página; depois da reunião, cada pessoa registada na receção pode descarregar um certificado de participação. Ambos levam o cabeçalho, a assinatura e o signatário definidos aqui, na língua do participante.";
    letters_letterhead: "Letterhead (PNG or JPEG, printed across the top)", "En-tête (PNG ou JPEG, imprimé en haut de page)", "Cabeçalho (PNG ou JPEG, impresso no topo)";
    letters_signature: "Signature (PNG or JPEG)", "Signature (PNG ou JPEG)", "Assinatura (PNG ou JPEG)";
    letters_signatory_name: "Signatory’s name", "Nom du signataire", "Nome do signatário";
    letters_signatory_title: "Signatory’s title", "Titre du signataire", "Cargo do signatário";
    letters_keep: "Left empty, the image stays as it is.", "Laissé vide, l’image reste inchangée.", "Se ficar vazio, a imagem mantém-se.";
    letters_uploaded: "uploaded", "téléversé", "carregado";
    letters_none: "none (a text heading is used)", "aucun (un titre en texte est utilisé)", "nenhum (usa-se um título em texto)";
    letters_all_invitations: "All invitation letters (ZIP)", "Toutes les lettres d’invitation (ZIP)", "Todas as cartas de convite (ZIP)";
    letters_all_certificates: "All certificates of attendance (ZIP)", "Toutes les attestations de participation (ZIP)", "Todos os certificados de participação (ZIP)";
    letters_saved: "Letter settings saved.", "Paramètres des lettres enregistrés.", "Definições das cartas guardadas.";
    msg_title: "Messages to participants", "Messages aux participants", "Mensagens aos participantes";
    msg_link: "Messages", "Messages", "Mensagens";
    msg_who: "Who receives it", "Destinataires", "Destinatários";
    msg_any: "Any", "Tous", "Todos";
    msg_show: "Show who receives it", "Afficher les destinataires", "Mostrar os destinatários";
    msg_reaches: "{n} people receive this message, each in their language:", "{n} personnes reçoivent ce message, chacune dans sa langue\u{a0}:", "{n} pessoas recebem esta mensagem, cada uma na sua língua:";
    msg_nobody: "Nobody is chosen: no participant has this status, category and delegation.", "Personne n’est choisi\u{a0}: aucun participant n’a ce statut, cette catégorie et cette délégation.", "Ninguém foi escolhido: nenhum participante tem este estado, categoria e delegação.";
    msg_fallback: "Whoever reads a language you leave empty gets the text in {lang}, with a note saying so.", "Les personnes dont vous laissez la langue vide reçoivent le texte en {lang}, avec une note qui le signale.", "Quem lê uma língua que deixar vazia recebe o texto em {lang}, com uma nota a indicá-lo.";
    msg_compose: "Write the message", "Rédiger le message", "Escrever a mensagem";
    msg_subject: "Subject", "Objet", "Assunto";
    msg_body: "Message", "Message", "Mensagem";
    msg_in: "in {lang}", "en {lang}", "em {lang}";
    msg_required_lang: "(required: the meeting’s language)", "(obligatoire\u{a0}: la langue de la réunion)", "(obrigatório: a língua da reunião)";
    msg_send: "Send to these participants", "Envoyer à ces participants", "Enviar a estes participantes";
    msg_sent_ok: "The message is on its way.", "Le message est en cours d’envoi.", "A mensagem está a ser enviada.";
    msg_sent: "Sent messages", "Messages envoyés", "Mensagens enviadas";
    msg_none: "No message sent yet.", "Aucun message envoyé.", "Nenhuma mensagem enviada.";
    msg_sent_at: "Sent", "Envoyé", "Enviada";
    msg_recipients: "Recipients", "Destinataires", "Destinatários";
    msg_delivered: "Delivered", "Remis", "Entregues";
    msg_failed: "Failed", "Échecs", "Falhadas";
    msg_language: "Language", "Langue", "Língua";
    msg_state: "Delivery", "Remise", "Entrega";
    msg_original: "original (no translation)", "original (pas de traduction)", "original (sem tradução)";
    msg_state_pending: "waiting", "en attente", "em espera";
    msg_state_sent: "delivered", "remis", "entregue";
    msg_state_failed: "failed", "échec", "falhou";
    msg_mine: "Messages from the secretariat", "Messages du secrétariat", "Mensagens do secretariado";
    msg_mine_original: "Not available in your language: the original, in {lang}.", "Non disponible dans votre langue\u{a0}: l’original, en {lang}.", "Não disponível na sua língua: o original, em {lang}.";
    lang_name_en: "English", "anglais", "inglês";
    lang_name_fr: "French", "français", "francês";
    lang_name_pt: "Portuguese", "portugais", "português";
    pr_title: "Migration profiles", "Profils migratoires", "Perfis migratórios";
    pr_intro: "Each member state's national technical working group prepares its migration profile: the evidence behind the dialogue. Published profiles are listed here with the regional table of their indicators.", "Le groupe de travail technique national de chaque État membre prépare son profil migratoire\u{a0}: les données qui fondent le dialogue. Les profils publiés figurent ici avec le tableau régional de leurs indicateurs.", "O grupo de trabalho técnico nacional de cada Estado-Membro prepara o seu perfil migratório: a evidência por detrás do diálogo. Os perfis publicados estão aqui, com a tabela regional dos seus indicadores.";
    pr_regional: "Regional profile", "Profil régional", "Perfil regional";
    pr_regional_intro: "Per indicator, the latest published value of each member state, with its reference year and source. A missing value is shown as missing, never as zero.", "Par indicateur, la dernière valeur publiée de chaque État membre, avec son année de référence et sa source. Une valeur manquante est indiquée comme manquante, jamais comme zéro.", "Por indicador, o último valor publicado de cada Estado-Membro, com o ano de referência e a fonte. Um valor em falta aparece como em falta, nunca como zero.";
    pr_my_group: "My working group", "Mon groupe de travail", "O meu grupo de trabalho";
    pr_indicators: "Indicator set", "Jeu d’indicateurs", "Conjunto de indicadores";
    pr_indicators_intro: "The indicators every profile reports, by chapter. An indicator no longer collected is archived: its past values stay.", "Les indicateurs de chaque profil, par chapitre. Un indicateur qui n’est plus collecté est archivé\u{a0}: ses valeurs passées restent.", "Os indicadores de cada perfil, por capítulo. Um indicador que já não é recolhido é arquivado: os valores anteriores ficam.";
    pr_country: "Member state", "État membre", "Estado-Membro";
    pr_latest: "Latest published edition", "Dernière édition publiée", "Última edição publicada";
    pr_in_progress: "In preparation", "En préparation", "Em preparação";
    pr_members: "Members", "Membres", "Membros";
    pr_none_published: "none yet", "aucune", "nenhuma ainda";
    pr_due: "Update due", "Mise à jour attendue", "Atualização devida";
    pr_interval_is: "Profiles are updated every {n} years; a state whose latest published edition is older is reminded.", "Les profils sont mis à jour tous les {n}\u{a0}ans\u{a0}; un État dont la dernière édition publiée est plus ancienne reçoit un rappel.", "Os perfis são atualizados a cada {n} anos; um Estado cuja última edição publicada é mais antiga recebe um lembrete.";
    pr_interval: "Update interval (years)", "Intervalle de mise à jour (années)", "Intervalo de atualização (anos)";
    pr_state_title: "{country}: migration profile", "{country}\u{a0}: profil migratoire", "{country}: perfil migratório";
    pr_overdue: "The profile is due for an update: the latest published edition is {n} years old or more, or there is none.", "Le profil doit être mis à jour\u{a0}: la dernière édition publiée a {n}\u{a0}ans ou plus, ou il n’y en a pas.", "O perfil deve ser atualizado: a última edição publicada tem {n} anos ou mais, ou não existe.";
    pr_editions: "Editions", "Éditions", "Edições";
    pr_no_editions: "No edition to show.", "Aucune édition à afficher.", "Nenhuma edição a mostrar.";
    pr_edition_of: "{year} edition", "Édition {year}", "Edição de {year}";
    pr_edition: "Edition", "Édition", "Edição";
    pr_year: "Year of the edition", "Année de l’édition", "Ano da edição";
    pr_new_help: "The new edition starts as a copy of the latest one.", "La nouvelle édition part d’une copie de la dernière.", "A nova edição parte de uma cópia da última.";
    pr_new_edition: "Start the edition", "Commencer l’édition", "Começar a edição";
    pr_meetings: "Meetings of the working group", "Réunions du groupe de travail", "Reuniões do grupo de trabalho";
    pr_twg: "National technical working group", "Groupe de travail technique national", "Grupo de trabalho técnico nacional";
    pr_public_yes: "Published profiles are public.", "Les profils publiés sont publics.", "Os perfis publicados são públicos.";
    pr_public_no: "Published profiles are for the working group, the focal points and the secretariat only.", "Les profils publiés sont réservés au groupe de travail, aux points focaux et au secrétariat.", "Os perfis publicados são apenas para o grupo de trabalho, os pontos focais e o secretariado.";
    pr_public: "Published profiles are public", "Les profils publiés sont publics", "Os perfis publicados são públicos";
    pr_ministries: "Ministries and agencies represented", "Ministères et organismes représentés", "Ministérios e organismos representados";
    pr_no_members: "No members yet.", "Aucun membre pour l’instant.", "Ainda sem membros.";
    pr_member_name: "Name", "Nom", "Nome";
    pr_member_function: "Function", "Fonction", "Função";
    pr_member_ministry: "Ministry or agency", "Ministère ou organisme", "Ministério ou organismo";
    pr_member_email: "Account (email address)", "Compte (adresse électronique)", "Conta (endereço eletrónico)";
    pr_member_email_help: "Optional: the address of an existing account; the member then sees the group's workspace.", "Facultatif\u{a0}: l’adresse d’un compte existant\u{a0}; le membre voit alors l’espace du groupe.", "Opcional: o endereço de uma conta existente; o membro vê então o espaço do grupo.";
    pr_member_add: "Add a member", "Ajouter un membre", "Adicionar um membro";
    pr_chair: "Chair", "Présidence", "Presidência";
    pr_has_account: "(has an account)", "(a un compte)", "(tem conta)";
    pr_remove: "Remove", "Retirer", "Retirar";
    pr_twg_settings: "Ministries and publication", "Ministères et publication", "Ministérios e publicação";
    pr_edition_title: "{country}: migration profile {year}", "{country}\u{a0}: profil migratoire {year}", "{country}: perfil migratório {year}";
    pr_copied_from: "started from the {year} edition", "à partir de l’édition {year}", "a partir da edição de {year}";
    pr_validated_by: "validated by {name} on {date}", "validé par {name} le {date}", "validado por {name} em {date}";
    pr_published_on: "published on {date}", "publié le {date}", "publicado em {date}";
    pr_locked: "This edition is published and can no longer be changed. The next edition starts as a copy of it.", "Cette édition est publiée et ne peut plus être modifiée. L’édition suivante part d’une copie de celle-ci.", "Esta edição está publicada e já não pode ser alterada. A próxima edição parte de uma cópia desta.";
    pr_contents: "Chapters", "Chapitres", "Capítulos";
    pr_workflow: "Workflow", "Procédure", "Processo";
    pr_workflow_help: "Draft, then review by the working group (comments per chapter), validation by the focal point, publication.", "Brouillon, puis examen par le groupe de travail (commentaires par chapitre), validation par le point focal, publication.", "Rascunho, depois revisão pelo grupo de trabalho (comentários por capítulo), validação pelo ponto focal, publicação.";
    pr_to_review: "Send to the working group for review", "Soumettre au groupe de travail pour examen", "Enviar ao grupo de trabalho para revisão";
    pr_to_validated: "Validate (focal point)", "Valider (point focal)", "Validar (ponto focal)";
    pr_to_published: "Publish", "Publier", "Publicar";
    pr_to_draft: "Back to draft", "Revenir au brouillon", "Voltar a rascunho";
    pr_st_draft: "Draft", "Brouillon", "Rascunho";
    pr_st_review: "In review", "En examen", "Em revisão";
    pr_st_validated: "Validated", "Validé", "Validado";
    pr_st_published: "Published", "Publié", "Publicado";
    pr_chapter_empty: "Not written yet.", "Pas encore rédigé.", "Ainda não redigido.";
    pr_edit_chapter: "Edit the text in {lang}", "Modifier le texte en {lang}", "Editar o texto em {lang}";
    pr_text: "Text", "Texte", "Texto";
    pr_comments: "Review comments", "Commentaires d’examen", "Comentários de revisão";
    pr_comment: "Your comment", "Votre commentaire", "O seu comentário";
    pr_comment_send: "Send the comment", "Envoyer le commentaire", "Enviar o comentário";
    pr_indicator_table: "Indicators", "Indicateurs", "Indicadores";
    pr_indicator: "Indicator", "Indicateur", "Indicador";
    pr_value: "Value", "Valeur", "Valor";
    pr_unit: "Unit", "Unité", "Unidade";
    pr_value_year: "Reference year", "Année de référence", "Ano de referência";
    pr_source: "Source", "Source", "Fonte";
    pr_note: "Note", "Note", "Nota";
    pr_missing: "missing", "manquant", "em falta";
    pr_withheld: "not public", "non public", "não público";
    pr_values_help: "Leave a value empty when it is not known: it is shown as missing. An empty reference year is the edition's year.", "Laissez vide une valeur inconnue\u{a0}: elle est indiquée comme manquante. Une année de référence vide est celle de l’édition.", "Deixe vazio um valor desconhecido: aparece como em falta. Um ano de referência vazio é o da edição.";
    pr_export_csv: "Download (CSV)", "Télécharger (CSV)", "Descarregar (CSV)";
    pr_export_xlsx: "Download (Excel)", "Télécharger (Excel)", "Descarregar (Excel)";
    pr_no_indicators: "No indicators defined yet.", "Aucun indicateur défini pour l’instant.", "Ainda sem indicadores definidos.";
    pr_show: "Show", "Afficher", "Mostrar";
    pr_years_span: "Reference years from {from} to {to}.", "Années de référence de {from} à {to}.", "Anos de referência de {from} a {to}.";
    pr_archived: "Archived", "Archivé", "Arquivado";
    pr_indicator_add: "Add an indicator", "Ajouter un indicateur", "Adicionar um indicador";
    pr_edit: "Edit", "Modifier", "Editar";
    pr_code: "Code", "Code", "Código";
    pr_name_en: "Name in English", "Nom en anglais", "Nome em inglês";
    pr_name_fr: "Name in French", "Nom en français", "Nome em francês";
    pr_name_pt: "Name in Portuguese", "Nom en portugais", "Nome em português";
    pr_chapter: "Chapter", "Chapitre", "Capítulo";
    pr_position: "Order", "Ordre", "Ordem";
    pr_country_code: "Country code", "Code du pays", "Código do país";
    pr_ch_context: "Context", "Contexte", "Contexto";
    pr_ch_immigration: "Immigration", "Immigration", "Imigração";
    pr_ch_emigration: "Emigration", "Émigration", "Emigração";
    pr_ch_forced: "Forced migration", "Migration forcée", "Migração forçada";
    pr_ch_labour: "Labour migration", "Migration de main-d’œuvre", "Migração laboral";
    pr_ch_irregular: "Irregular migration and trafficking", "Migration irrégulière et traite", "Migração irregular e tráfico";
    pr_ch_diaspora: "Diaspora and remittances", "Diaspora et envois de fonds", "Diáspora e remessas";
    pr_ch_governance: "Governance", "Gouvernance", "Governação";
    pr_ch_data_gaps: "Data gaps", "Lacunes dans les données", "Lacunas de dados";
    pr_ch_recommendations: "Recommendations", "Recommandations", "Recomendações";
    fe_edition_in_progress: "An edition is already in preparation: publish it first.", "Une édition est déjà en préparation\u{a0}: publiez-la d’abord.", "Já há uma edição em preparação: publique-a primeiro.";
    fe_unknown_account: "No active account has this address.", "Aucun compte actif n’a cette adresse.", "Nenhuma conta ativa tem este endereço.";
    fe_not_a_number: "Write a number, such as 1200000 or 3.5 (spaces between thousands are fine).", "Saisissez un nombre, comme 1200000 ou 3,5 (les espaces entre les milliers sont acceptés).", "Escreva um número, como 1200000 ou 3,5 (os espaços entre os milhares são aceites).";
    fe_indicator_code: "Write a code such as stock.immigrants: lowercase letters, digits, dots and underscores, starting with a letter.", "Saisissez un code comme stock.immigrants\u{a0}: lettres minuscules, chiffres, points et tirets bas, en commençant par une lettre.", "Escreva um código como stock.immigrants: letras minúsculas, algarismos, pontos e sublinhados, começando por uma letra.";
    fe_indicator_code_taken: "Another indicator already has this code.", "Un autre indicateur a déjà ce code.", "Outro indicador já tem este código.";
    fe_edition_locked: "This edition can no longer be changed: it is validated or published. Take it back to draft, or start the next edition.", "Cette édition ne peut plus être modifiée\u{a0}: elle est validée ou publiée. Remettez-la en brouillon, ou commencez l’édition suivante.", "Esta edição já não pode ser alterada: está validada ou publicada. Volte a pô-la em rascunho ou comece a próxima edição.";
    fe_already_member: "This account is already a member of the group.", "Ce compte est déjà membre du groupe.", "Esta conta já é membro do grupo.";
    pr_compile: "Compile a regional profile edition", "Compiler une édition du profil régional", "Compilar uma edição do perfil regional";
    pr_compile_help: "Drafted from the regional table: write the analysis, check the tables, then publish it as a briefing paper of the meeting you choose.", "Rédigée à partir du tableau régional\u{a0}: écrivez l’analyse, vérifiez les tableaux, puis publiez-la comme document d’information de la réunion choisie.", "Redigida a partir da tabela regional: escreva a análise, verifique as tabelas e publique-a como documento de apoio da reunião escolhida.";
    pr_compile_title: "Regional migration profile {year}", "Profil migratoire régional {year}", "Perfil migratório regional {year}";
    pr_compile_intro: "Regional migration profile of the SADC member states, compiled on {date} from the published national migration profiles. Write the regional analysis here.", "Profil migratoire régional des États membres de la SADC, compilé le {date} à partir des profils migratoires nationaux publiés. Rédigez ici l’analyse régionale.", "Perfil migratório regional dos Estados-Membros da SADC, compilado em {date} a partir dos perfis migratórios nacionais publicados. Escreva aqui a análise regional.";
    pr_compile_note: "Each value is the latest published in the state's national migration profile, with its reference year in brackets; missing: no published value.", "Chaque valeur est la dernière publiée dans le profil migratoire national de l’État, avec son année de référence entre parenthèses\u{a0}; manquant\u{a0}: aucune valeur publiée.", "Cada valor é o último publicado no perfil migratório nacional do Estado, com o ano de referência entre parênteses; em falta: nenhum valor publicado.";
    pr_status: "Status", "Statut", "Estado";
    pr_shown_other: "Not available in your language or in the original: shown in {lang}.", "Non disponible dans votre langue ni dans l’original\u{a0}: affiché en {lang}.", "Não disponível na sua língua nem no original: mostrado em {lang}.";
    fe_indicator_in_use: "This indicator has published or draft values: its unit and chapter stay as they are. Archive it and add a new one instead.", "Cet indicateur a des valeurs (publiées ou en préparation)\u{a0}: son unité et son chapitre restent inchangés. Archivez-le et ajoutez-en un nouveau.", "Este indicador tem valores (publicados ou em preparação): a unidade e o capítulo ficam como estão. Arquive-o e adicione um novo.";
    pr_link_meeting: "A technical working group meeting of this group", "Une réunion de groupe de travail technique de ce groupe", "Uma reunião de grupo de trabalho técnico deste grupo";
    pr_link: "Link the meeting", "Lier la réunion", "Ligar a reunião";
    pr_unlink: "Unlink", "Délier", "Desligar";
    pr_figures: "From the migration profiles of {country}", "D’après les profils migratoires ({country})", "Segundo os perfis migratórios ({country})";
    pr_latest_value: "Latest published value", "Dernière valeur publiée", "Último valor publicado";
    pr_propose: "Propose its recommendations to a meeting", "Proposer ses recommandations à une réunion", "Propor as suas recomendações a uma reunião";
    pr_propose_help: "Each point of the recommendations chapter becomes a recommendation draft of the meeting's Plan of Action, with this profile as its origin (a point already proposed is not proposed again).", "Chaque point du chapitre des recommandations devient un projet de recommandation du Plan d’action de la réunion, avec ce profil pour origine (un point déjà proposé ne l’est pas deux fois).", "Cada ponto do capítulo de recomendações torna-se um projeto de recomendação do Plano de Ação da reunião, com este perfil como origem (um ponto já proposto não é proposto de novo).";
    pr_propose_button: "Propose the recommendations", "Proposer les recommandations", "Propor as recomendações";
    pr_focal_points: "Focal points", "Points focaux", "Pontos focais";
    pr_follow_up: "Recommendations to follow up (Plans of Action)", "Recommandations à suivre (plans d’action)", "Recomendações a acompanhar (planos de ação)";
    pr_propose_meeting: "Meeting whose Plan of Action receives them", "Réunion dont le plan d’action les reçoit", "Reunião cujo Plano de Ação as recebe";
    nav_profiles: "Migration profiles", "Profils migratoires", "Perfis migratórios";
    work_title: "What waits for you", "Ce qui vous attend", "O que o aguarda";
    work_nav: "My work", "Mon travail", "O meu trabalho";
    work_none: "Nothing waits for you just now.", "Rien ne vous attend pour l’instant.", "Nada o aguarda de momento.";
    work_registrations: "{n} registration(s) to approve or reject", "{n} inscription(s) à approuver ou refuser", "{n} inscrição(ões) para aprovar ou recusar";
    work_reviews: "{n} progress report(s) to review", "{n} rapport(s) d’avancement à examiner", "{n} relatório(s) de progresso para rever";
    work_notes_missing: "{n} delegation(s) without a note verbale", "{n} délégation(s) sans note verbale", "{n} delegação(ões) sem nota verbal";
    work_minutes_comments: "Minutes being circulated: {n} comment(s) so far", "Procès-verbal en diffusion\u{a0}: {n} commentaire(s) à ce jour", "Ata em circulação: {n} comentário(s) até agora";
    work_reports_due: "{n} progress report(s) to submit", "{n} rapport(s) d’avancement à soumettre", "{n} relatório(s) de progresso para submeter";
    work_head_missing: "Your delegation has no head of delegation yet", "Votre délégation n’a pas encore de chef de délégation", "A sua delegação ainda não tem chefe de delegação";
    work_members_to_confirm: "{n} self-registration(s) to confirm as members of your delegation", "{n} auto-inscription(s) à confirmer comme membres de votre délégation", "{n} autoinscrição(ões) para confirmar como membros da sua delegação";
    work_note_missing: "Your delegation’s note verbale has not been sent", "La note verbale de votre délégation n’a pas été envoyée", "A nota verbal da sua delegação não foi enviada";
    work_minutes_to_comment: "Draft minutes to comment on", "Projet de procès-verbal à commenter", "Projeto de ata para comentar";
    work_until: "until {date}", "jusqu’au {date}", "até {date}";
    live_title: "Now and next", "En cours et à suivre", "Agora e a seguir";
    live_link: "Live: now and next", "En direct\u{a0}: en cours et à suivre", "Em direto: agora e a seguir";
    live_as_of: "As of", "À", "Às";
    live_refresh: "Refresh", "Actualiser", "Atualizar";
    refresh_pause: "Pause automatic updates", "Suspendre les mises à jour automatiques", "Pausar as atualizações automáticas";
    refresh_stale: "This page has stopped updating itself (the connection was lost, or you were signed out). Reload it to see the latest.", "Cette page ne se met plus à jour (connexion perdue, ou session terminée). Rechargez-la pour voir la dernière version.", "Esta página deixou de se atualizar (ligação perdida, ou sessão terminada). Recarregue-a para ver a versão mais recente.";
    live_now: "Now", "En cours", "Agora";
    live_nothing_now: "Nothing is under way just now.", "Rien n’est en cours pour l’instant.", "Nada está a decorrer de momento.";
    live_next: "Next", "À suivre", "A seguir";
    live_nothing_next: "Nothing more on the agenda.", "Plus rien à l’ordre du jour.", "Nada mais na agenda.";
    live_announcements: "Announcements", "Annonces", "Anúncios";
    live_no_announcements: "No announcement.", "Aucune annonce.", "Nenhum anúncio.";
    live_said_delay: "{item}: delayed by {n} minutes (the agenda is updated)", "{item}\u{a0}: retardé de {n} minutes (l’ordre du jour est mis à jour)", "{item}: atrasado {n} minutos (a agenda foi atualizada)";
    live_said_room: "{item}: now in {room}", "{item}\u{a0}: désormais en salle {room}", "{item}: agora na sala {room}";
    live_control: "Announce (secretariat)", "Annoncer (secrétariat)", "Anunciar (secretariado)";
    live_control_help: "A delay moves the item and the later items of its session; a delay or a change of room is published at once as a new revision of the agenda, so calendars follow.", "Un retard décale le point et les points suivants de sa séance\u{a0}; un retard ou un changement de salle est publié aussitôt dans une nouvelle révision de l’ordre du jour, que les calendriers suivent.", "Um atraso desloca o ponto e os pontos seguintes da sua sessão; um atraso ou uma mudança de sala é publicado de imediato numa nova revisão da agenda, e os calendários acompanham.";
    live_item: "Agenda item", "Point de l’ordre du jour", "Ponto da agenda";
    live_mark_current: "Mark as under way", "Marquer comme en cours", "Marcar como a decorrer";
    live_delay: "Delay (minutes)", "Retard (minutes)", "Atraso (minutos)";
    live_note: "Note", "Note", "Nota";
    live_announce_delay: "Announce the delay", "Annoncer le retard", "Anunciar o atraso";
    live_room: "New room", "Nouvelle salle", "Nova sala";
    live_announce_room: "Announce the room", "Annoncer la salle", "Anunciar a sala";
    live_announce_note: "Announce", "Annoncer", "Anunciar";
    sp_title: "Speakers list", "Liste des orateurs", "Lista de oradores";
    sp_show: "Show the list", "Afficher la liste", "Mostrar a lista";
    sp_none: "Nobody has asked for the floor on this item.", "Personne n’a demandé la parole sur ce point.", "Ninguém pediu a palavra sobre este ponto.";
    sp_waiting: "waiting", "en attente", "em espera";
    sp_speaking: "speaking", "a la parole", "com a palavra";
    sp_done: "has spoken", "a parlé", "já falou";
    sp_over: "over time", "temps dépassé", "tempo excedido";
    sp_already: "This delegation is already waiting for the floor on this item.", "Cette délégation attend déjà la parole sur ce point.", "Esta delegação já aguarda a palavra sobre este ponto.";
    sp_up: "Move up", "Monter", "Subir";
    sp_down: "Move down", "Descendre", "Descer";
    sp_start: "Give the floor", "Donner la parole", "Dar a palavra";
    sp_stop: "Stop", "Arrêter", "Parar";
    sp_remove: "Remove", "Retirer", "Retirar";
    sp_withdraw: "Withdraw our request", "Retirer notre demande", "Retirar o nosso pedido";
    sp_ask: "Ask for the floor for the delegation", "Demander la parole pour la délégation", "Pedir a palavra para a delegação";
    sp_limit: "Speaking time per delegation (minutes, 0: none)", "Temps de parole par délégation (minutes, 0\u{a0}: aucun)", "Tempo de palavra por delegação (minutos, 0: nenhum)";
    sp_minutes_offer: "Spoke on this item: {list}", "Ont pris la parole sur ce point\u{a0}: {list}", "Falaram sobre este ponto: {list}";
    nv_needs_approval: "Requiring the note verbale needs approval by the secretariat: tick that box too.", "Exiger la note verbale suppose l’approbation par le secrétariat\u{a0}: cochez aussi cette case.", "Exigir a nota verbal pressupõe a aprovação pelo secretariado: assinale também essa opção.";
    nv_title: "Note verbale", "Note verbale", "Nota verbal";
    nv_required: "Approve a delegation's members only once its note verbale is in", "N’approuver les membres d’une délégation qu’après réception de sa note verbale", "Aprovar os membros de uma delegação só depois de recebida a sua nota verbal";
    nv_received: "Received", "Reçue le", "Recebida em";
    nv_missing: "Not received", "Non reçue", "Não recebida";
    nv_by_secretariat: "attached by the secretariat", "jointe par le secrétariat", "anexada pelo secretariado";
    nv_earlier: "{n} earlier version(s) kept", "{n} version(s) antérieure(s) conservée(s)", "{n} versão(ões) anterior(es) guardada(s)";
    nv_required_notice: "The secretariat approves this delegation's members once it is in.", "Le secrétariat approuve les membres de cette délégation après sa réception.", "O secretariado aprova os membros desta delegação depois de a receber.";
    nv_attach: "Attach the note verbale", "Joindre la note verbale", "Anexar a nota verbal";
    nv_replace: "Attach a newer note verbale", "Joindre une note verbale plus récente", "Anexar uma nota verbal mais recente";
    nv_help: "The signed nomination letter: PDF or image (PNG, JPEG, GIF, WebP). Seen only by this state's focal points and the secretariat.", "La lettre de désignation signée\u{a0}: PDF ou image (PNG, JPEG, GIF, WebP). Visible seulement par les points focaux de cet État et le secrétariat.", "A carta de nomeação assinada: PDF ou imagem (PNG, JPEG, GIF, WebP). Vista apenas pelos pontos focais deste Estado e pelo secretariado.";
    nv_upload: "Upload", "Téléverser", "Carregar";
    nv_refused: "the delegation's note verbale has not come in", "la note verbale de la délégation n’est pas arrivée", "a nota verbal da delegação não chegou";
    reg_refused_intro: "Nothing was changed. These ticked registrations cannot take this decision:", "Rien n’a été modifié. Ces inscriptions cochées ne peuvent pas recevoir cette décision\u{a0}:", "Nada foi alterado. Estas inscrições assinaladas não podem receber esta decisão:";
    reg_refused_email: "email address not confirmed yet", "adresse électronique pas encore confirmée", "endereço de correio eletrónico ainda não confirmado";
    reg_refused_status: "current status: {s}", "statut actuel\u{a0}: {s}", "estado atual: {s}";
    reg_refused_head: "the delegation has a head of delegation already", "la délégation a déjà un chef de délégation", "a delegação já tem um chefe de delegação";
    reg_decide_rest: "Apply it to the other {n} and leave these unchanged", "L’appliquer aux {n} autres et laisser celles-ci inchangées", "Aplicá-la às outras {n} e deixar estas inalteradas";
    reg_reason: "Reason (required to reject; sent to the person)", "Motif (obligatoire pour refuser\u{a0}; envoyé à la personne)", "Motivo (obrigatório para recusar; enviado à pessoa)";
    reg_withdraw: "Withdraw", "Retirer", "Retirar";
    reg_replace: "Replace", "Remplacer", "Substituir";
    reg_replaces: "Replaces", "Remplace", "Substitui";
    reg_export_csv: "Download CSV", "Télécharger en CSV", "Descarregar CSV";
    reg_export_xlsx: "Download Excel (XLSX)", "Télécharger en Excel (XLSX)", "Descarregar Excel (XLSX)";
    reg_delegation_title: "Delegation", "Délégation", "Delegação";
    reg_delegation_of: "Delegation of", "Délégation de", "Delegação de";
    reg_head: "Head of delegation", "Chef de délégation", "Chefe de delegação";
    reg_all_delegations: "All delegations", "Toutes les délégations", "Todas as delegações";
    reg_members: "Members", "Membres", "Membros";
    reg_participants_title: "Participants", "Participants", "Participantes";
    reg_participants_none: "No participants to show yet.", "Aucun participant à afficher pour l’instant.", "Ainda não há participantes a mostrar.";
    reg_participants_note: "Only participants who agreed to appear are listed.", "Seuls les participants qui ont accepté d’y figurer sont listés.", "Só são listados os participantes que aceitaram figurar.";
    reg_manage: "Manage registrations", "Gérer les inscriptions", "Gerir inscrições";
    reg_my_delegation: "My delegation", "Ma délégation", "A minha delegação";
    reg_checked_in: "Checked in", "Présent", "Presente";
    reg_cat_head_of_delegation: "Head of delegation", "Chef de délégation", "Chefe de delegação";
    reg_cat_delegate: "Delegate", "Délégué", "Delegado";
    reg_cat_adviser: "Adviser", "Conseiller", "Assessor";
    reg_cat_observer: "Observer", "Observateur", "Observador";
    reg_cat_partner_organisation: "Partner organisation", "Organisation partenaire", "Organização parceira";
    reg_cat_media: "Media", "Médias", "Comunicação social";
    reg_cat_secretariat_staff: "Secretariat staff", "Personnel du secrétariat", "Pessoal do secretariado";
    reg_st_unconfirmed: "Email not confirmed", "Adresse non confirmée", "Endereço não confirmado";
    reg_st_pending: "Awaiting approval", "En attente d’approbation", "A aguardar aprovação";
    reg_st_approved: "Approved", "Approuvée", "Aprovada";
    reg_st_waitlisted: "Waiting list", "Liste d’attente", "Lista de espera";
    reg_st_rejected: "Rejected", "Refusée", "Recusada";
    reg_st_withdrawn: "Withdrawn", "Retirée", "Retirada";
    fe_unknown_badge: "No participant of this meeting has this badge code.", "Aucun participant de cette réunion n’a ce code de badge.", "Nenhum participante desta reunião tem este código de crachá.";
    fe_not_approved: "This registration is not approved, so it cannot be checked in.", "Cette inscription n’est pas approuvée\u{a0}: l’enregistrement à l’arrivée est impossible.", "Esta inscrição não está aprovada, pelo que não pode ser registada a entrada.";
    reg_badges: "Badges", "Badges", "Crachás";
    reg_badges_print: "Print the badges", "Imprimer les badges", "Imprimir os crachás";
    reg_checkin: "Check-in", "Accueil des participants", "Registo de entrada";
    reg_checkin_token: "Badge code (scan or type)", "Code du badge (scanner ou saisir)", "Código do crachá (ler ou escrever)";
    reg_checkin_button: "Check in", "Enregistrer l’arrivée", "Registar entrada";
    reg_checkin_search: "Or find a participant by name", "Ou rechercher un participant par son nom", "Ou procurar um participante pelo nome";
    reg_checkin_search_button: "Search", "Rechercher", "Pesquisar";
    reg_checkin_done: "Checked in:", "Arrivée enregistrée\u{a0}:", "Entrada registada:";
    reg_checkin_already: "Already checked in:", "Déjà enregistré(e)\u{a0}:", "Entrada já registada:";
    reg_checkin_none: "No approved participant matches.", "Aucun participant approuvé ne correspond.", "Nenhum participante aprovado corresponde.";
    nav_me: "My registrations", "Mes inscriptions", "As minhas inscrições";
    me_none: "You have no registrations under this account’s email address.", "Vous n’avez aucune inscription sous l’adresse de ce compte.", "Não tem inscrições com o endereço desta conta.";
    me_pack: "Meeting pack", "Dossier de la réunion", "Dossier da reunião";
    me_feed_title: "Private calendar link", "Lien d’agenda privé", "Ligação de calendário privada";
    me_feed_help: "Subscribe to this link in your calendar application to receive the agendas of the meetings you are approved for, kept up to date. Anyone with the link can read it: keep it private, and replace or revoke it if it leaks.", "Abonnez-vous à ce lien dans votre application d’agenda pour recevoir, à jour, les programmes des réunions pour lesquelles vous êtes approuvé(e). Toute personne disposant du lien peut le lire\u{a0}: gardez-le privé, et remplacez-le ou révoquez-le s’il circule.", "Subscreva esta ligação na sua aplicação de calendário para receber, atualizados, os programas das reuniões para as quais foi aprovado(a). Qualquer pessoa com a ligação pode lê-la: mantenha-a privada e substitua-a ou revogue-a se for divulgada.";
    me_feed_none: "You have no private calendar link.", "Vous n’avez pas de lien d’agenda privé.", "Não tem uma ligação de calendário privada.";
    me_feed_active: "A private link is active, created on", "Un lien privé est actif, créé le", "Está ativa uma ligação privada, criada em";
    me_feed_new: "Your new private link (copy it now: it is shown only once):", "Votre nouveau lien privé (copiez-le maintenant\u{a0}: il n’est affiché qu’une fois)\u{a0}:", "A sua nova ligação privada (copie-a agora: só é mostrada uma vez):";
    me_feed_create: "Create a private link", "Créer un lien privé", "Criar uma ligação privada";
    me_feed_replace: "Replace the link", "Remplacer le lien", "Substituir a ligação";
    me_feed_revoke: "Revoke the link", "Révoquer le lien", "Revogar a ligação";
    fe_translation_exists: "This paper already has a version in that language.", "Ce document existe déjà dans cette langue.", "Este documento já existe nessa língua.";
    fe_file_too_large: "The file is too large: at most {n} MB.", "Le fichier est trop volumineux\u{a0}: {n} Mo au plus.", "O ficheiro é demasiado grande: no máximo {n} MB.";
    fe_file_type: "Attach a PDF, Word (.docx), Excel (.xlsx), PNG, JPEG, GIF or WebP file whose content matches its name.", "Joignez un fichier PDF, Word (.docx), Excel (.xlsx), PNG, JPEG, GIF ou WebP dont le contenu correspond au nom.", "Anexe um ficheiro PDF, Word (.docx), Excel (.xlsx), PNG, JPEG, GIF ou WebP cujo conteúdo corresponda ao nome.";
    fe_locked: "Adopted minutes are locked: issue a corrigendum instead.", "Le procès-verbal adopté est verrouillé\u{a0}: publiez un rectificatif.", "A ata aprovada está bloqueada: emita uma retificação.";
    fe_comments_closed: "The comment period is closed.", "La période de commentaires est close.", "O período de comentários está encerrado.";
    fe_date_in_past: "Choose today or a later date.", "Choisissez aujourd'hui ou une date ultérieure.", "Escolha hoje ou uma data posterior.";
    fe_control_characters: "Remove the control characters (such as NUL) from this text.", "Retirez les caractères de contrôle (comme NUL) de ce texte.", "Retire os caracteres de controlo (como NUL) deste texto.";
    fe_head_taken: "This delegation already has a head of delegation for this meeting.", "Cette délégation a déjà un chef de délégation pour cette réunion.", "Esta delegação já tem um chefe de delegação para esta reunião.";
    fe_wrong_password: "The current password is not correct.", "Le mot de passe actuel n’est pas correct.", "A palavra-passe atual não está correta.";
    fe_link_expired: "This link has expired or was already used. Ask for a new one.", "Ce lien a expiré ou a déjà été utilisé. Demandez-en un nouveau.", "Esta ligação expirou ou já foi utilizada. Peça uma nova.";
    fe_last_secretariat: "The last active secretariat account cannot be deactivated or given another role.", "Le dernier compte actif du secrétariat ne peut être ni désactivé ni changé de rôle.", "A última conta ativa do secretariado não pode ser desativada nem mudar de função.";
    fe_deadline_passed: "The registration deadline has passed; the registration can no longer be changed.", "La date limite d’inscription est passée\u{a0}; l’inscription ne peut plus être modifiée.", "O prazo de inscrição terminou; a inscrição já não pode ser alterada.";
    fe_too_large: "The form you sent is too large. Shorten the texts and try again.", "Le formulaire envoyé est trop volumineux. Raccourcissez les textes et réessayez.", "O formulário enviado é demasiado grande. Encurte os textos e tente novamente.";
    fe_wrong_step: "This cannot be done at the current step of the workflow.", "Impossible à cette étape de la procédure.", "Não é possível nesta etapa do processo.";
    fe_percent_mismatch: "The percentage does not match the status: not started is 0%, achieved is 100%.", "Le pourcentage ne correspond pas au statut\u{a0}: non commencé = 0\u{a0}%, réalisé = 100\u{a0}%.", "A percentagem não corresponde ao estado: não iniciado = 0%, alcançado = 100%.";
    fe_invalid_code: "Write a code such as R3.2: up to 3 letters, then numbers separated by dots.", "Saisissez un code comme R3.2\u{a0}: jusqu'à 3 lettres, puis des nombres séparés par des points.", "Escreva um código como R3.2: até 3 letras e depois números separados por pontos.";
    fe_duplicate_code: "Another recommendation of this plan already has this code.", "Une autre recommandation de ce plan a déjà ce code.", "Outra recomendação deste plano já tem este código.";
    fe_invalid_body: "Use the codes of the listed regional bodies (SADC, IOM, UNHCR, ILO, UNODC, AU, WHO).", "Utilisez les codes des organismes régionaux listés (SADC, IOM, UNHCR, ILO, UNODC, AU, WHO).", "Use os códigos dos organismos regionais indicados (SADC, IOM, UNHCR, ILO, UNODC, AU, WHO).";
    fe_invalid_framework: "Write framework links as GCM-1 to GCM-23 or SDG targets such as SDG-10.7.", "Indiquez les cadres sous la forme GCM-1 à GCM-23 ou des cibles ODD comme SDG-10.7.", "Indique os quadros como GCM-1 a GCM-23 ou metas ODS como SDG-10.7.";
    fe_invalid_indicator: "Write at most 20 indicators, one per line as: name | baseline | target (and, to take the values from the migration profiles, | profile:code of an indicator of the set).", "Saisissez au plus 20 indicateurs, un par ligne\u{a0}: nom | référence | cible (et, pour prendre les valeurs des profils migratoires, | profile:code d’un indicateur du jeu).", "Escreva no máximo 20 indicadores, um por linha: nome | base | meta (e, para tomar os valores dos perfis migratórios, | profile:código de um indicador do conjunto).";
    fe_invalid_link: "Write one web address per line, starting with https://.", "Saisissez une adresse web par ligne, commençant par https://.", "Escreva um endereço web por linha, a começar por https://.";
    fe_responsible_required: "Choose the responsible member states (or all), or a regional body.", "Choisissez les États membres responsables (ou tous), ou un organisme régional.", "Escolha os Estados-Membros responsáveis (ou todos), ou um organismo regional.";
    fe_cycle_closed: "This reporting cycle is not open for reports.", "Ce cycle de rapports n'est pas ouvert.", "Este ciclo de relatórios não está aberto.";
    fe_not_responsible: "Your country is not responsible for this recommendation.", "Votre pays n'est pas responsable de cette recommandation.", "O seu país não é responsável por esta recomendação.";
    fe_incomplete: "Complete {with} first (code, theme and who is responsible).", "Complétez d'abord {with} (code, thème et responsables).", "Complete primeiro {with} (código, tema e responsáveis).";
    fe_invalid_table: "Upload the plan as CSV or XLSX with the template's header row and at least one recommendation.", "Téléversez le plan en CSV ou XLSX avec la ligne d'en-tête du modèle et au moins une recommandation.", "Carregue o plano em CSV ou XLSX com a linha de cabeçalho do modelo e pelo menos uma recomendação.";
    papers_title: "Briefing papers", "Documents de travail", "Documentos de trabalho";
    papers_none: "No papers to show.", "Aucun document à afficher.", "Nenhum documento a mostrar.";
    papers_for_delegates: "Papers for the meeting's delegates only: {n}.", "Documents réservés aux délégués de la réunion\u{a0}: {n}.", "Documentos reservados aos delegados da reunião: {n}.";
    sign_in_to_read: "Delegates: sign in", "Délégués\u{a0}: connectez-vous", "Delegados: iniciem sessão";
    minutes_for_delegates: "The minutes of this meeting are for its delegates only.", "Le procès-verbal de cette réunion est réservé à ses délégués.", "A ata desta reunião é reservada aos seus delegados.";
    minutes_for_heads: "The draft minutes are with the heads of delegation for their comments.", "Le projet de procès-verbal est soumis aux chefs de délégation pour commentaires.", "O projeto de ata está com os chefes de delegação para comentários.";
    paper_new: "New paper", "Nouveau document", "Novo documento";
    paper_edit: "Edit paper", "Modifier le document", "Editar documento";
    paper_translate: "Add a translation", "Ajouter une traduction", "Adicionar uma tradução";
    paper_title: "Title", "Intitulé", "Título";
    paper_body: "Text", "Texte", "Texto";
    paper_lang: "Language of this paper", "Langue du document", "Língua do documento";
    paper_access: "Who may read it", "Qui peut le lire", "Quem pode ler";
    paper_access_public: "Everyone", "Tout le monde", "Todos";
    paper_access_delegates: "Approved delegates of this meeting", "Délégués approuvés de cette réunion", "Delegados aprovados desta reunião";
    paper_access_secretariat: "Secretariat only", "Secrétariat uniquement", "Apenas o secretariado";
    paper_translations: "Also in", "Également en", "Também em";
    paper_versions: "Versions", "Versions", "Versões";
    paper_version: "Version", "Version", "Versão";
    paper_updated: "Updated", "Mis à jour", "Atualizado";
    paper_files: "Files", "Fichiers", "Ficheiros";
    paper_file_label: "File to attach", "Fichier à joindre", "Ficheiro a anexar";
    paper_file_help: "PDF, Word (.docx), Excel (.xlsx) or an image (PNG, JPEG, GIF, WebP).", "PDF, Word (.docx), Excel (.xlsx) ou une image (PNG, JPEG, GIF, WebP).", "PDF, Word (.docx), Excel (.xlsx) ou uma imagem (PNG, JPEG, GIF, WebP).";
    paper_attach: "Attach the file", "Joindre le fichier", "Anexar o ficheiro";
    paper_remove_file: "Remove", "Retirer", "Remover";
    paper_agenda_item: "Agenda item", "Point de l'ordre du jour", "Ponto da agenda";
    paper_agenda_none: "The meeting as a whole", "La réunion dans son ensemble", "A reunião no seu conjunto";
    pack_download: "Download the meeting pack for offline reading (ZIP, at most {n})", "Télécharger le dossier pour lecture hors ligne (ZIP, {n} au plus)", "Descarregar o dossier para leitura offline (ZIP, no máximo {n})";
    pack_index: "Contents", "Sommaire", "Índice";
    minutes_title: "Minutes", "Procès-verbal", "Ata";
    minutes_none: "There are no minutes to show yet.", "Aucun procès-verbal à afficher pour le moment.", "Ainda não há ata a mostrar.";
    minutes_create: "Start the minutes", "Commencer le procès-verbal", "Iniciar a ata";
    minutes_status_draft: "Draft", "Projet", "Rascunho";
    minutes_status_circulated: "Circulated for comments", "Diffusé pour commentaires", "Circulada para comentários";
    minutes_status_adopted: "Adopted", "Adopté", "Aprovada";
    minutes_comments_until: "Comments until {n}", "Commentaires jusqu'au {n}", "Comentários até {n}";
    minutes_adopted_on: "Adopted on {n} by {with}", "Adopté le {n} par {with}", "Aprovada em {n} por {with}";
    minutes_closes_on: "Comments close on (YYYY-MM-DD)", "Fin des commentaires (AAAA-MM-JJ)", "Fim dos comentários (AAAA-MM-DD)";
    minutes_circulate: "Circulate to heads of delegation", "Diffuser aux chefs de délégation", "Circular aos chefes de delegação";
    minutes_adopt: "Adopt the minutes", "Adopter le procès-verbal", "Aprovar a ata";
    minutes_adopt_confirm: "Adopt and lock the minutes for good", "Adopter et verrouiller définitivement le procès-verbal", "Aprovar e bloquear a ata definitivamente";
    minutes_adopt_help: "Adoption locks the minutes: nobody can change them afterwards, and every marked passage becomes a recommendation draft.", "L'adoption verrouille le procès-verbal\u{a0}: plus personne ne peut le modifier, et chaque passage marqué devient un projet de recommandation.", "A aprovação bloqueia a ata: ninguém a pode alterar depois, e cada passagem marcada torna-se um projeto de recomendação.";
    minutes_access: "Published to", "Publié pour", "Publicada para";
    minutes_section_title: "Section title", "Titre de la section", "Título da secção";
    minutes_section_body: "Text of the section", "Texte de la section", "Texto da secção";
    minutes_markers_help: "Markdown. Start a paragraph with [decision] or [recommendation] to mark it: on adoption each marked passage becomes a recommendation draft.", "Markdown. Commencez un paragraphe par [decision] ou [recommendation] pour le marquer\u{a0}: à l'adoption, chaque passage marqué devient un projet de recommandation.", "Markdown. Comece um parágrafo com [decision] ou [recommendation] para o marcar: na aprovação, cada passagem marcada torna-se um projeto de recomendação.";
    minutes_section_edit: "Edit this section", "Modifier cette section", "Editar esta secção";
    minutes_section_add: "Add a section", "Ajouter une section", "Adicionar uma secção";
    minutes_section_delete: "Remove this section", "Retirer cette section", "Remover esta secção";
    minutes_section_delete_confirm: "Remove the section for good", "Retirer définitivement la section", "Remover a secção definitivamente";
    minutes_comments: "Comments from heads of delegation", "Commentaires des chefs de délégation", "Comentários dos chefes de delegação";
    minutes_comment_label: "Your comment on this section", "Votre commentaire sur cette section", "O seu comentário sobre esta secção";
    minutes_comment_send: "Send the comment", "Envoyer le commentaire", "Enviar o comentário";
    minutes_comments_none: "No comments yet.", "Pas encore de commentaires.", "Ainda sem comentários.";
    minutes_corrigenda: "Corrigenda", "Rectificatifs", "Retificações";
    minutes_corrigendum: "Corrigendum", "Rectificatif", "Retificação";
    minutes_corrigendum_issue: "Issue a corrigendum", "Publier un rectificatif", "Emitir uma retificação";
    minutes_corrigendum_text: "Text of the corrigendum", "Texte du rectificatif", "Texto da retificação";
    minutes_recommendations: "Recommendation drafts for the Plan of Action", "Projets de recommandation pour le Plan d'action", "Projetos de recomendação para o Plano de Ação";
    minutes_from: "From", "Issu de", "Origem";
    minutes_decision: "Decision", "Décision", "Decisão";
    minutes_recommendation: "Recommendation", "Recommandation", "Recomendação";
    minutes_print: "Print view", "Version imprimable", "Versão para impressão";
    minutes_locked: "These minutes are adopted and locked; corrections are issued as corrigenda.", "Ce procès-verbal est adopté et verrouillé\u{a0}; les corrections sont publiées sous forme de rectificatifs.", "Esta ata está aprovada e bloqueada; as correções são emitidas como retificações.";
    search_title: "Search", "Rechercher", "Pesquisar";
    search_label: "Search meetings, agendas, papers and minutes", "Rechercher dans les réunions, ordres du jour, documents et procès-verbaux", "Pesquisar reuniões, agendas, documentos e atas";
    search_none: "Nothing found that you may read.", "Aucun résultat que vous puissiez consulter.", "Nenhum resultado que possa consultar.";
    search_results: "Results", "Résultats", "Resultados";
    search_kind_meeting: "Meeting", "Réunion", "Reunião";
    search_kind_agenda_item: "Agenda item", "Point de l'ordre du jour", "Ponto da agenda";
    search_kind_paper: "Paper", "Document", "Documento";
    search_kind_minutes: "Minutes", "Procès-verbal", "Ata";
    search_kind_corrigendum: "Corrigendum", "Rectificatif", "Retificação";
    search_kind_recommendation: "Recommendation", "Recommandation", "Recomendação";
    pack_no_agenda: "The agenda has not been published yet.", "L'ordre du jour n'a pas encore été publié.", "A agenda ainda não foi publicada.";
    plan_title: "Plan of Action", "Plan d'action", "Plano de Ação";
    plan_none: "There is no Plan of Action to show yet.", "Aucun plan d'action à afficher pour le moment.", "Ainda não há Plano de Ação a mostrar.";
    plan_no_recommendations: "No recommendations yet.", "Pas encore de recommandations.", "Ainda sem recomendações.";
    plan_status_draft: "Draft plan", "Projet de plan", "Projeto de plano";
    plan_status_adopted: "Adopted", "Adopté", "Adotado";
    plan_adopted_on: "adopted on", "adopté le", "adotado em";
    plan_adopted_on_label: "Date of adoption", "Date d'adoption", "Data de adoção";
    plan_adopt: "Adopt the plan", "Adopter le plan", "Adotar o plano";
    plan_adopt_help: "After adoption, recommendations can only be changed by amendments with a date and a reason, and reporting cycles can be opened.", "Après l'adoption, les recommandations ne peuvent être modifiées que par des amendements datés et motivés, et des cycles de rapports peuvent être ouverts.", "Após a adoção, as recomendações só podem ser alteradas por emendas com data e motivo, e podem ser abertos ciclos de relatórios.";
    plan_recommendations_count: "recommendations", "recommandations", "recomendações";
    plan_dashboard: "Regional follow-up", "Suivi régional", "Acompanhamento regional";
    plan_export_csv: "Export (CSV)", "Exporter (CSV)", "Exportar (CSV)";
    plan_export_xlsx: "Export (Excel)", "Exporter (Excel)", "Exportar (Excel)";
    plan_manage: "Manage the plan", "Gérer le plan", "Gerir o plano";
    plan_add: "Add a recommendation", "Ajouter une recommandation", "Adicionar uma recomendação";
    plan_edit: "Edit this recommendation", "Modifier cette recommandation", "Editar esta recomendação";
    plan_amend: "Amend this recommendation", "Amender cette recommandation", "Emendar esta recomendação";
    plan_delete: "Remove this recommendation", "Retirer cette recommandation", "Remover esta recomendação";
    plan_uncoded: "Recommendation without a code", "Recommandation sans code", "Recomendação sem código";
    fe_not_working_language: "Must be one of the meeting’s working languages.", "Doit être l’une des langues de travail de la réunion.", "Deve ser uma das línguas de trabalho da reunião.";
    agenda_your_zone: "Also show the times in this time zone", "Afficher aussi les heures dans ce fuseau horaire", "Mostrar também as horas neste fuso horário";
    agenda_show_times: "Show", "Afficher", "Mostrar";
    agenda_viewer_note: "Under each venue time: the time in {zone}.", "Sous chaque heure locale\u{a0}: l’heure à {zone}.", "Sob cada hora local: a hora em {zone}.";
    offline_save: "Save for offline reading", "Enregistrer pour lire hors ligne", "Guardar para ler sem ligação";
    offline_help: "Keeps this meeting’s page, agenda and the papers you may read on this device, to open without a connection.", "Conserve sur cet appareil la page de la réunion, l’ordre du jour et les documents que vous pouvez lire, pour les ouvrir sans connexion.", "Guarda neste dispositivo a página da reunião, a agenda e os documentos que pode ler, para os abrir sem ligação.";
    offline_working: "Saving the meeting pack…", "Enregistrement du dossier de la réunion…", "A guardar o dossiê da reunião…";
    offline_done: "Saved: this meeting’s page, agenda and papers now open on this device without a connection.", "Enregistré\u{a0}: la page, l’ordre du jour et les documents de cette réunion s’ouvrent désormais sur cet appareil sans connexion.", "Guardado: a página, a agenda e os documentos desta reunião abrem agora neste dispositivo sem ligação.";
    offline_failed: "The pack could not be saved. Check the connection and try again.", "Le dossier n’a pas pu être enregistré. Vérifiez la connexion et réessayez.", "Não foi possível guardar o dossiê. Verifique a ligação e tente novamente.";
    lite_on: "Light pages for slow connections (no scripts)", "Pages légères pour connexions lentes (sans scripts)", "Páginas leves para ligações lentas (sem scripts)";
    lite_off: "Use the interactive pages", "Utiliser les pages interactives", "Usar as páginas interativas";
    lite_active: "Light pages: nothing but the page is downloaded, and every form works.", "Pages légères\u{a0}: seule la page est téléchargée, et tous les formulaires fonctionnent.", "Páginas leves: só a página é descarregada, e todos os formulários funcionam.";
    tr_title: "Translations", "Traductions", "Traduções";
    tr_intro: "The texts of this meeting in each working language. Where a translation is missing or was made from an earlier wording, readers see the original with a note.", "Les textes de cette réunion dans chaque langue de travail. Lorsqu’une traduction manque ou a été faite d’une version antérieure, les lecteurs voient l’original avec une note.", "Os textos desta reunião em cada língua de trabalho. Quando falta uma tradução ou foi feita a partir de uma redação anterior, os leitores veem o original com uma nota.";
    tr_source_lang: "Language of the texts", "Langue des textes", "Língua dos textos";
    tr_source_lang_help: "The language the title, description and agenda are written in; the other working languages are translations.", "La langue dans laquelle le titre, la description et l’ordre du jour sont rédigés\u{a0}; les autres langues de travail sont des traductions.", "A língua em que o título, a descrição e a agenda são redigidos; as outras línguas de trabalho são traduções.";
    tr_to_do: "To translate or update", "À traduire ou à mettre à jour", "A traduzir ou atualizar";
    tr_translate_into: "Translate into", "Traduire en", "Traduzir para";
    tr_text: "Text", "Texte", "Texto";
    tr_kind: "What", "Quoi", "O quê";
    tr_kind_meeting_title: "Meeting title", "Titre de la réunion", "Título da reunião";
    tr_kind_meeting_description: "Meeting description", "Description de la réunion", "Descrição da reunião";
    tr_kind_session_title: "Session title", "Titre de séance", "Título de sessão";
    tr_kind_item_title: "Agenda item", "Point de l’ordre du jour", "Ponto da agenda";
    tr_kind_item_description: "Agenda item description", "Description du point", "Descrição do ponto";
    tr_kind_paper: "Paper", "Document", "Documento";
    tr_kind_recommendation: "Recommendation", "Recommandation", "Recomendação";
    tr_status_original: "Original", "Original", "Original";
    tr_status_translated: "Translated", "Traduit", "Traduzido";
    tr_status_missing: "Missing", "Manquant", "Em falta";
    tr_status_outdated: "Outdated", "Périmé", "Desatualizado";
    tr_workbench_intro: "Write each text in the language of this page. Leave a field empty to remove its translation. A translation made from an earlier wording is marked outdated: readers see the original until it is redone.", "Rédigez chaque texte dans la langue de cette page. Laissez un champ vide pour supprimer sa traduction. Une traduction faite d’une version antérieure est marquée périmée\u{a0}: les lecteurs voient l’original jusqu’à ce qu’elle soit refaite.", "Escreva cada texto na língua desta página. Deixe um campo vazio para remover a sua tradução. Uma tradução feita a partir de uma redação anterior fica marcada como desatualizada: os leitores veem o original até ser refeita.";
    tr_source: "Original", "Original", "Original";
    tr_translation: "Translation", "Traduction", "Tradução";
    tr_saved: "Translations saved.", "Traductions enregistrées.", "Traduções guardadas.";
    tr_save: "Save the translations", "Enregistrer les traductions", "Guardar as traduções";
    tr_nothing: "Nothing to translate: the meeting has a single working language.", "Rien à traduire\u{a0}: la réunion n’a qu’une langue de travail.", "Nada a traduzir: a reunião tem uma só língua de trabalho.";
    tr_shown_original: "Not yet available in your language: shown in the original ({lang}).", "Pas encore disponible dans votre langue\u{a0}: affiché dans l’original ({lang}).", "Ainda não disponível na sua língua: mostrado no original ({lang}).";
    tr_original_tag: "Original: {lang}", "Original\u{a0}: {lang}", "Original: {lang}";
    plan_untranslated: "Not yet translated into your language: the original text is shown.", "Pas encore traduite dans votre langue\u{a0}: le texte original est affiché.", "Ainda não traduzida para a sua língua: é mostrado o texto original.";
    plan_code: "Code", "Code", "Código";
    plan_code_help: "e.g. R3.2", "p. ex. R3.2", "p. ex. R3.2";
    plan_heading: "Heading", "Rubrique", "Rubrica";
    plan_text_en: "Text (English)", "Texte (anglais)", "Texto (inglês)";
    plan_text_fr: "Text (French)", "Texte (français)", "Texto (francês)";
    plan_text_pt: "Text (Portuguese)", "Texte (portugais)", "Texto (português)";
    plan_theme: "Theme", "Thème", "Tema";
    plan_choose: "Choose…", "Choisir…", "Escolher…";
    plan_level: "Level", "Niveau", "Nível";
    plan_level_national: "National", "National", "Nacional";
    plan_level_regional: "Regional", "Régional", "Regional";
    plan_responsible: "Responsible", "Responsables", "Responsáveis";
    plan_all_states: "All member states", "Tous les États membres", "Todos os Estados-Membros";
    plan_states: "Responsible member states", "États membres responsables", "Estados-Membros responsáveis";
    plan_states_help: "ALL, or codes separated by commas, e.g. TZ, MZ, ZA", "ALL, ou des codes séparés par des virgules, p. ex. TZ, MZ, ZA", "ALL, ou códigos separados por vírgulas, p. ex. TZ, MZ, ZA";
    plan_bodies: "Responsible regional bodies", "Organismes régionaux responsables", "Organismos regionais responsáveis";
    plan_bodies_help: "Codes separated by commas: SADC, IOM, UNHCR, ILO, UNODC, AU, WHO", "Codes séparés par des virgules\u{a0}: SADC, IOM, UNHCR, ILO, UNODC, AU, WHO", "Códigos separados por vírgulas: SADC, IOM, UNHCR, ILO, UNODC, AU, WHO";
    plan_target_date: "Target date", "Date cible", "Data-alvo";
    plan_frameworks: "Frameworks", "Cadres", "Quadros";
    plan_frameworks_help: "Global Compact objectives GCM-1 to GCM-23 and SDG targets such as SDG-10.7", "Objectifs du Pacte mondial GCM-1 à GCM-23 et cibles ODD comme SDG-10.7", "Objetivos do Pacto Global GCM-1 a GCM-23 e metas ODS como SDG-10.7";
    plan_indicators: "Indicators", "Indicateurs", "Indicadores";
    plan_indicators_help: "One per line: name | baseline | target; add | profile:code to take a member state's baseline and latest value from the migration profiles", "Un par ligne\u{a0}: nom | référence | cible\u{a0}; ajoutez | profile:code pour prendre la référence et la dernière valeur de chaque État dans les profils migratoires", "Um por linha: nome | base | meta; acrescente | profile:código para tomar a base e o último valor de cada Estado dos perfis migratórios";
    plan_indicator: "Indicator", "Indicateur", "Indicador";
    plan_baseline: "Baseline", "Référence", "Base";
    plan_target: "Target", "Cible", "Meta";
    plan_origin: "Origin", "Origine", "Origem";
    plan_origin_minutes: "Passage of the adopted minutes", "Passage du procès-verbal adopté", "Passagem da ata aprovada";
    plan_origin_profile: "Recommendations of a national migration profile", "Recommandations d’un profil migratoire national", "Recomendações de um perfil migratório nacional";
    plan_amendments: "Amendments", "Amendements", "Emendas";
    plan_reason: "Reason for the amendment", "Motif de l'amendement", "Motivo da emenda";
    plan_reason_help: "The plan is adopted: this change is recorded as a dated amendment with this reason.", "Le plan est adopté\u{a0}: cette modification est enregistrée comme un amendement daté avec ce motif.", "O plano está adotado: esta alteração fica registada como emenda datada com este motivo.";
    plan_import: "Import", "Importer", "Importar";
    plan_import_file: "Import recommendations from a file (CSV or Excel)", "Importer des recommandations depuis un fichier (CSV ou Excel)", "Importar recomendações de um ficheiro (CSV ou Excel)";
    plan_import_help: "Use the template's columns. Every row is checked first: if any row is invalid, nothing is imported.", "Utilisez les colonnes du modèle. Chaque ligne est vérifiée d'abord\u{a0}: si une ligne est invalide, rien n'est importé.", "Use as colunas do modelo. Cada linha é verificada primeiro: se alguma linha for inválida, nada é importado.";
    plan_template_csv: "Template (CSV)", "Modèle (CSV)", "Modelo (CSV)";
    plan_template_xlsx: "Template (Excel)", "Modèle (Excel)", "Modelo (Excel)";
    plan_imported: "{n} recommendations imported.", "{n} recommandations importées.", "{n} recomendações importadas.";
    plan_import_failed: "Nothing was imported. Correct these rows and try again:", "Rien n'a été importé. Corrigez ces lignes et réessayez\u{a0}:", "Nada foi importado. Corrija estas linhas e tente de novo:";
    plan_import_row: "Row", "Ligne", "Linha";
    plan_import_column: "Column", "Colonne", "Coluna";
    plan_import_problem: "Problem", "Problème", "Problema";
    plan_import_more: "…and {n} more problems.", "…et {n} autres problèmes.", "…e mais {n} problemas.";
    plan_publication: "What the public sees of the follow-up", "Ce que le public voit du suivi", "O que o público vê do acompanhamento";
    plan_public_status: "Statuses and percentages are public", "Les statuts et pourcentages sont publics", "Os estados e percentagens são públicos";
    plan_public_narratives: "Narratives of validated reports are public too", "Les récits des rapports validés sont aussi publics", "As narrativas dos relatórios validados também são públicas";
    plan_theme_add: "Add a theme", "Ajouter un thème", "Adicionar um tema";
    plan_theme_added: "Theme added.", "Thème ajouté.", "Tema adicionado.";
    plan_theme_code: "Short code (letters, digits, _)", "Code court (lettres, chiffres, _)", "Código curto (letras, algarismos, _)";
    plan_theme_name_en: "Name in English", "Nom en anglais", "Nome em inglês";
    plan_theme_name_fr: "Name in French", "Nom en français", "Nome em francês";
    plan_theme_name_pt: "Name in Portuguese", "Nom en portugais", "Nome em português";
    cycles_title: "Reporting cycles", "Cycles de rapports", "Ciclos de relatórios";
    cycles_none: "No reporting cycle yet.", "Pas encore de cycle de rapports.", "Ainda sem ciclo de relatórios.";
    cycle_new: "Open a reporting cycle", "Ouvrir un cycle de rapports", "Abrir um ciclo de relatórios";
    cycle_title_label: "Name of the cycle", "Nom du cycle", "Nome do ciclo";
    cycle_opens_on: "Opens on", "Ouverture le", "Abre em";
    cycle_due_on: "Reports due on", "Rapports attendus le", "Relatórios devidos em";
    cycle_recommendations: "Recommendations in this cycle", "Recommandations de ce cycle", "Recomendações deste ciclo";
    cycle_recommendations_help: "Tick none to include all of them.", "N'en cochez aucune pour les inclure toutes.", "Não assinale nenhuma para incluir todas.";
    cycle_open_button: "Open the cycle", "Ouvrir le cycle", "Abrir o ciclo";
    cycle_open: "Open", "Ouvert", "Aberto";
    cycle_closed: "Closed", "Clos", "Encerrado";
    cycle_close: "Close the cycle", "Clore le cycle", "Encerrar o ciclo";
    cycle_coverage: "Reports in: {n} of {with} due.", "Rapports reçus\u{a0}: {n} sur {with} attendus.", "Relatórios recebidos: {n} de {with} devidos.";
    cycle_due_reports: "Reports due in this cycle", "Rapports attendus dans ce cycle", "Relatórios devidos neste ciclo";
    cycle_nothing_due: "No report is due from you in this cycle.", "Aucun rapport n'est attendu de vous dans ce cycle.", "Nenhum relatório é devido por si neste ciclo.";
    cycle_export_csv: "All reports (CSV)", "Tous les rapports (CSV)", "Todos os relatórios (CSV)";
    cycle_export_xlsx: "All reports (Excel)", "Tous les rapports (Excel)", "Todos os relatórios (Excel)";
    report_country: "Member state", "État membre", "Estado-Membro";
    report_state: "Report", "Rapport", "Relatório";
    report_status: "Status", "Statut", "Estado";
    report_percent: "Percentage complete", "Pourcentage réalisé", "Percentagem concluída";
    report_percent_help: "A whole number from 0 to 100", "Un nombre entier de 0 à 100", "Um número inteiro de 0 a 100";
    report_open: "Open", "Ouvrir", "Abrir";
    report_review: "Review", "Examiner", "Rever";
    report_missing: "Missing", "Manquant", "Em falta";
    report_recommendation: "Recommendation", "Recommandation", "Recomendação";
    report_your_report: "Your progress report", "Votre rapport d'avancement", "O seu relatório de progresso";
    report_narrative: "What has been done", "Ce qui a été fait", "O que foi feito";
    report_evidence: "Evidence (links)", "Justificatifs (liens)", "Comprovativos (ligações)";
    report_evidence_help: "One web address per line", "Une adresse web par ligne", "Um endereço web por linha";
    report_next_steps: "Next steps", "Prochaines étapes", "Próximos passos";
    report_submit_now: "Submit to the secretariat now (a submitted version can no longer be changed)", "Soumettre maintenant au secrétariat (une version soumise ne peut plus être modifiée)", "Submeter agora ao secretariado (uma versão submetida já não pode ser alterada)";
    report_save: "Save", "Enregistrer", "Guardar";
    report_draft_saved: "Draft saved.", "Brouillon enregistré.", "Rascunho guardado.";
    report_awaiting: "A submitted version awaits the secretariat's review.", "Une version soumise attend l'examen du secrétariat.", "Uma versão submetida aguarda a revisão do secretariado.";
    report_history: "Submitted versions", "Versions soumises", "Versões submetidas";
    report_history_none: "Nothing submitted yet.", "Rien n'a encore été soumis.", "Nada submetido ainda.";
    report_version: "Version", "Version", "Versão";
    report_submitted_on: "submitted on", "soumis le", "submetido em";
    report_decision: "Decision", "Décision", "Decisão";
    report_validate: "Validate", "Valider", "Validar";
    report_return: "Return for revision", "Renvoyer pour révision", "Devolver para revisão";
    report_comment: "Comment to the focal point", "Commentaire au point focal", "Comentário ao ponto focal";
    report_comment_help: "Required when returning a report.", "Obligatoire pour renvoyer un rapport.", "Obrigatório ao devolver um relatório.";
    report_review_send: "Record the decision", "Enregistrer la décision", "Registar a decisão";
    rs_not_started: "Not started", "Non commencé", "Não iniciado";
    rs_in_progress: "In progress", "En cours", "Em curso";
    rs_achieved: "Achieved", "Réalisé", "Alcançado";
    rs_delayed: "Delayed", "En retard", "Atrasado";
    rs_not_applicable: "Not applicable", "Sans objet", "Não aplicável";
    rstate_draft: "Draft", "Brouillon", "Rascunho";
    rstate_submitted: "Submitted", "Soumis", "Submetido";
    rstate_validated: "Validated", "Validé", "Validado";
    rstate_returned: "Returned", "Renvoyé", "Devolvido";
    dashboard_title: "Regional follow-up", "Suivi régional", "Acompanhamento regional";
    dashboard_cycle: "Reporting cycle", "Cycle de rapports", "Ciclo de relatórios";
    dashboard_all: "All", "Tous", "Todos";
    dashboard_filter: "Show", "Afficher", "Mostrar";
    dashboard_export_csv: "Matrix (CSV)", "Matrice (CSV)", "Matriz (CSV)";
    dashboard_export_xlsx: "Matrix (Excel)", "Matrice (Excel)", "Matriz (Excel)";
    dashboard_matrix: "Member states × recommendations: latest validated report", "États membres × recommandations\u{a0}: dernier rapport validé", "Estados-Membros × recomendações: último relatório validado";
    dashboard_row_total: "Reported · average", "Rapportés · moyenne", "Relatados · média";
    dashboard_coverage: "Reports in / due", "Rapports reçus / attendus", "Relatórios recebidos / devidos";
    dashboard_average: "Average", "Moyenne", "Média";
    dashboard_no_report: "No report", "Aucun rapport", "Sem relatório";
    dashboard_not_due: "Not concerned", "Non concerné", "Não abrangido";
    dashboard_legend: "Legend", "Légende", "Legenda";
    dashboard_not_public: "The follow-up of this plan is not public.", "Le suivi de ce plan n'est pas public.", "O acompanhamento deste plano não é público.";
    dashboard_charts: "Charts", "Graphiques", "Gráficos";
    chart_by_theme: "Status of due reports per theme", "Statut des rapports attendus par thème", "Estado dos relatórios devidos por tema";
    chart_by_state: "Average progress per member state", "Avancement moyen par État membre", "Progresso médio por Estado-Membro";
    country_none: "No recommendation of this plan concerns this member state.", "Aucune recommandation de ce plan ne concerne cet État membre.", "Nenhuma recomendação deste plano diz respeito a este Estado-Membro.";
    country_summary: "Latest validated status of each recommendation", "Dernier statut validé de chaque recommandation", "Último estado validado de cada recomendação";
    country_pages: "Pages of recommendations", "Pages de recommandations", "Páginas de recomendações";
    country_pages_end: "Pages of recommendations (end of page)", "Pages de recommandations (bas de page)", "Páginas de recomendações (fim da página)";
    country_page_of: "Page {n} of {m}: each recommendation's text and report history", "Page {n} sur {m}\u{a0}: texte et historique des rapports de chaque recommandation", "Página {n} de {m}: texto e histórico de relatórios de cada recomendação";
    consolidated_heading: "Regional progress report", "Rapport régional d'avancement", "Relatório regional de progresso";
    consolidated_intro: "Progress on the Plan of Action of {n}, from the validated reports of member states and regional bodies due on {with}.", "Avancement du Plan d'action de {n}, d'après les rapports validés des États membres et des organismes régionaux attendus le {with}.", "Progresso do Plano de Ação de {n}, a partir dos relatórios validados dos Estados-Membros e dos organismos regionais devidos em {with}.";
    consolidated_summary: "Summary by theme", "Synthèse par thème", "Síntese por tema";
    consolidated_countries: "Highlights by member state and regional body", "Faits marquants par État membre et organisme régional", "Destaques por Estado-Membro e organismo regional";
    consolidated_title: "Consolidated report", "Rapport consolidé", "Relatório consolidado";
    consolidated_help: "Generated from the validated reports. Edit it as needed, then publish it as a briefing paper of the meeting you choose (usually the next one).", "Généré à partir des rapports validés. Modifiez-le si nécessaire, puis publiez-le comme document d'information de la réunion choisie (en général la suivante).", "Gerado a partir dos relatórios validados. Edite-o se necessário e publique-o como documento de apoio da reunião escolhida (normalmente a seguinte).";
    consolidated_meeting: "Publish to the meeting", "Publier pour la réunion", "Publicar na reunião";
    consolidated_publish: "Publish as a briefing paper", "Publier comme document d'information", "Publicar como documento de apoio";
    chart_data: "The figures", "Les chiffres", "Os números";
    tokens_title: "API tokens", "Jetons d'API", "Tokens de API";
    tokens_intro: "A token lets your ministry's system use the MIDSA Dialogue JSON API as you: it reads what you may read and submits reports for your country or body. Keep it secret; revoke it when it is no longer needed.", "Un jeton permet au système de votre ministère d'utiliser l'API JSON de Dialogue MIDSA en votre nom\u{a0}: il lit ce que vous pouvez lire et soumet les rapports de votre pays ou organisme. Gardez-le secret\u{a0}; révoquez-le lorsqu'il n'est plus utile.", "Um token permite ao sistema do seu ministério usar a API JSON do Diálogo MIDSA em seu nome: lê o que pode ler e submete relatórios do seu país ou organismo. Mantenha-o secreto; revogue-o quando já não for necessário.";
    tokens_openapi: "API description (OpenAPI)", "Description de l'API (OpenAPI)", "Descrição da API (OpenAPI)";
    tokens_scope: "Tokens act for: {n}", "Les jetons agissent pour\u{a0}: {n}", "Os tokens agem por: {n}";
    tokens_created: "Your new token. Copy it now: it will not be shown again.", "Votre nouveau jeton. Copiez-le maintenant\u{a0}: il ne sera plus affiché.", "O seu novo token. Copie-o agora: não voltará a ser mostrado.";
    tokens_none: "You have no API tokens.", "Vous n'avez aucun jeton d'API.", "Não tem tokens de API.";
    tokens_name: "Name", "Nom", "Nome";
    tokens_name_help: "Which system uses it, e.g. Ministry reporting system", "Quel système l'utilise, p. ex. système de rapports du ministère", "Que sistema o usa, p. ex. sistema de relatórios do ministério";
    tokens_created_on: "Created", "Créé le", "Criado em";
    tokens_last_used: "Last used", "Dernière utilisation", "Última utilização";
    tokens_state: "State", "État", "Estado";
    tokens_revoked: "Revoked on", "Révoqué le", "Revogado em";
    tokens_revoke: "Revoke", "Révoquer", "Revogar";
    tokens_new: "New token", "Nouveau jeton", "Novo token";
    tokens_create: "Create the token", "Créer le jeton", "Criar o token";
    chart_over_cycles: "Average progress over reporting cycles", "Avancement moyen au fil des cycles", "Progresso médio ao longo dos ciclos";
    chart_reports: "Validated reports", "Rapports validés", "Relatórios validados";
    consolidated_private: "This plan keeps the reports' narratives private, and the highlights below quote them: check them before publishing the paper beyond the secretariat.", "Ce plan garde les récits des rapports privés, et les faits marquants ci-dessous les citent\u{a0}: vérifiez-les avant de publier le document au-delà du secrétariat.", "Este plano mantém privadas as narrativas dos relatórios, e os destaques abaixo citam-nas: verifique-os antes de publicar o documento para além do secretariado.";
    report_files: "Evidence files", "Pièces justificatives", "Ficheiros comprovativos";
    report_files_help: "PDF, Word, Excel or an image, checked by its content; at most 10 files.", "PDF, Word, Excel ou image, vérifié d'après son contenu\u{a0}; 10 fichiers au plus.", "PDF, Word, Excel ou imagem, verificado pelo conteúdo; no máximo 10 ficheiros.";
    report_files_first: "Save the report as a draft first; then you can attach files to it.", "Enregistrez d'abord le rapport comme brouillon\u{a0}; vous pourrez ensuite y joindre des fichiers.", "Guarde primeiro o relatório como rascunho; depois poderá anexar-lhe ficheiros.";
    report_file_label: "File to attach", "Fichier à joindre", "Ficheiro a anexar";
    report_file_attach: "Attach the file", "Joindre le fichier", "Anexar o ficheiro";
    report_file_remove: "Remove", "Retirer", "Remover";
    nav_plan: "Plan of Action", "Plan d'action", "Plano de Ação";
    month_names: "January,February,March,April,May,June,July,August,September,October,November,December", "janvier,février,mars,avril,mai,juin,juillet,août,septembre,octobre,novembre,décembre", "janeiro,fevereiro,março,abril,maio,junho,julho,agosto,setembro,outubro,novembro,dezembro";
    weekday_names: "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday", "lundi,mardi,mercredi,jeudi,vendredi,samedi,dimanche", "segunda-feira,terça-feira,quarta-feira,quinta-feira,sexta-feira,sábado,domingo";
}

impl Strings {
    pub fn get(lang: Lang) -> &'static Strings {
        match lang {
            Lang::En => &EN,
            Lang::Fr => &FR,
            Lang::Pt => &PT,
        }
    }

    pub fn meeting_kind(&self, k: MeetingKind) -> &'static str {
        match k {
            MeetingKind::MinisterialConference => self.kind_ministerial_conference,
            MeetingKind::SeniorOfficials => self.kind_senior_officials,
            MeetingKind::TechnicalWorkingGroup => self.kind_technical_working_group,
            MeetingKind::Workshop => self.kind_workshop,
        }
    }

    pub fn meeting_status(&self, s: MeetingStatus) -> &'static str {
        match s {
            MeetingStatus::Draft => self.status_draft,
            MeetingStatus::Announced => self.status_announced,
            MeetingStatus::RegistrationOpen => self.status_registration_open,
            MeetingStatus::RegistrationClosed => self.status_registration_closed,
            MeetingStatus::Held => self.status_held,
            MeetingStatus::MinutesAdopted => self.status_minutes_adopted,
        }
    }

    pub fn role(&self, r: Role) -> &'static str {
        match r {
            Role::Secretariat => self.role_secretariat,
            Role::FocalPoint => self.role_focal_point,
            Role::Delegate => self.role_delegate,
        }
    }

    pub fn reg_category(&self, c: RegistrationCategory) -> &'static str {
        match c {
            RegistrationCategory::HeadOfDelegation => self.reg_cat_head_of_delegation,
            RegistrationCategory::Delegate => self.reg_cat_delegate,
            RegistrationCategory::Adviser => self.reg_cat_adviser,
            RegistrationCategory::Observer => self.reg_cat_observer,
            RegistrationCategory::PartnerOrganisation => self.reg_cat_partner_organisation,
            RegistrationCategory::Media => self.reg_cat_media,
            RegistrationCategory::SecretariatStaff => self.reg_cat_secretariat_staff,
        }
    }

    pub fn reg_status(&self, s: RegistrationStatus) -> &'static str {
        match s {
            RegistrationStatus::Unconfirmed => self.reg_st_unconfirmed,
            RegistrationStatus::Pending => self.reg_st_pending,
            RegistrationStatus::Approved => self.reg_st_approved,
            RegistrationStatus::Waitlisted => self.reg_st_waitlisted,
            RegistrationStatus::Rejected => self.reg_st_rejected,
            RegistrationStatus::Withdrawn => self.reg_st_withdrawn,
        }
    }

    /// A standard chapter of a migration profile.
    pub fn profile_chapter(&self, c: crate::domain::Chapter) -> &'static str {
        use crate::domain::Chapter;
        match c {
            Chapter::Context => self.pr_ch_context,
            Chapter::Immigration => self.pr_ch_immigration,
            Chapter::Emigration => self.pr_ch_emigration,
            Chapter::ForcedMigration => self.pr_ch_forced,
            Chapter::LabourMigration => self.pr_ch_labour,
            Chapter::IrregularMigration => self.pr_ch_irregular,
            Chapter::Diaspora => self.pr_ch_diaspora,
            Chapter::Governance => self.pr_ch_governance,
            Chapter::DataGaps => self.pr_ch_data_gaps,
            Chapter::Recommendations => self.pr_ch_recommendations,
        }
    }

    /// A language's name in this language ("French", "français", "francês").
    pub fn lang_name(&self, l: Lang) -> &'static str {
        match l {
            Lang::En => self.lang_name_en,
            Lang::Fr => self.lang_name_fr,
            Lang::Pt => self.lang_name_pt,
        }
    }

    /// Why a ticked registration cannot take a bulk decision.
    pub fn refusal(&self, why: crate::domain::RefusalReason) -> String {
        match why {
            crate::domain::RefusalReason::EmailNotConfirmed => self.reg_refused_email.into(),
            crate::domain::RefusalReason::Status(s) => self.reg_refused_status.replace("{s}", self.reg_status(s)),
            crate::domain::RefusalReason::HeadTaken => self.reg_refused_head.into(),
            crate::domain::RefusalReason::NoNoteVerbale => self.nv_refused.into(),
        }
    }

    pub fn minutes_status(&self, s: crate::domain::MinutesStatus) -> &'static str {
        match s {
            crate::domain::MinutesStatus::Draft => self.minutes_status_draft,
            crate::domain::MinutesStatus::Circulated => self.minutes_status_circulated,
            crate::domain::MinutesStatus::Adopted => self.minutes_status_adopted,
        }
    }

    pub fn search_kind(&self, kind: &str) -> &'static str {
        match kind {
            "meeting" => self.search_kind_meeting,
            "agenda_item" => self.search_kind_agenda_item,
            "paper" => self.search_kind_paper,
            "minutes" => self.search_kind_minutes,
            "corrigendum" => self.search_kind_corrigendum,
            _ => self.search_kind_recommendation,
        }
    }

    pub fn access(&self, a: crate::domain::Access) -> &'static str {
        match a {
            crate::domain::Access::Public => self.paper_access_public,
            crate::domain::Access::Delegates => self.paper_access_delegates,
            crate::domain::Access::Secretariat => self.paper_access_secretariat,
        }
    }

    pub fn item_kind(&self, k: ItemKind) -> &'static str {
        match k {
            ItemKind::Item => self.editor_item_kind_item,
            ItemKind::Break => self.editor_item_kind_break,
        }
    }

    /// The message for a refused field, in this language.
    pub fn text_kind(&self, k: crate::domain::TextKind) -> &'static str {
        use crate::domain::TextKind as K;
        match k {
            K::MeetingTitle => self.tr_kind_meeting_title,
            K::MeetingDescription => self.tr_kind_meeting_description,
            K::SessionTitle => self.tr_kind_session_title,
            K::ItemTitle => self.tr_kind_item_title,
            K::ItemDescription => self.tr_kind_item_description,
            K::Paper => self.tr_kind_paper,
            K::Recommendation => self.tr_kind_recommendation,
        }
    }

    pub fn text_status(&self, st: crate::domain::TextStatus) -> &'static str {
        use crate::domain::TextStatus as S;
        match st {
            S::Original => self.tr_status_original,
            S::Translated => self.tr_status_translated,
            S::Missing => self.tr_status_missing,
            S::Outdated => self.tr_status_outdated,
        }
    }

    pub fn field_error(&self, code: &ErrorCode) -> String {
        match code {
            ErrorCode::Required => self.fe_required.into(),
            ErrorCode::TooLong { max } => self.fe_too_long.replace("{n}", &max.to_string()),
            ErrorCode::TooShort { min } => self.fe_too_short.replace("{n}", &min.to_string()),
            ErrorCode::InvalidEmail => self.fe_invalid_email.into(),
            ErrorCode::InvalidCountry => self.fe_invalid_country.into(),
            ErrorCode::InvalidTimezone => self.fe_invalid_timezone.into(),
            ErrorCode::InvalidDate => self.fe_invalid_date.into(),
            ErrorCode::InvalidTime => self.fe_invalid_time.into(),
            ErrorCode::InvalidChoice => self.fe_invalid_choice.into(),
            ErrorCode::EndBeforeStart => self.fe_end_before_start.into(),
            ErrorCode::OutsideMeetingDates => self.fe_outside_dates.into(),
            ErrorCode::Overlap { with } => self.fe_overlap.replace("{with}", with),
            ErrorCode::ChangedMeanwhile { current, .. } if current.is_empty() => self.fe_removed_meanwhile.into(),
            ErrorCode::ChangedMeanwhile { current, .. } => self.fe_changed_meanwhile.replace("{text}", current),
            ErrorCode::InvalidPerson => self.fe_invalid_person.into(),
            ErrorCode::EmailTaken => self.fe_email_taken.into(),
            ErrorCode::NoLanguage => self.fe_no_language.into(),
            ErrorCode::IllegalTransition { .. } => self.fe_illegal_transition.into(),
            ErrorCode::PasswordMismatch => self.fe_password_mismatch.into(),
            ErrorCode::CountryRequired => self.fe_country_required.into(),
            ErrorCode::CountryNotAllowed => self.fe_country_not_allowed.into(),
            ErrorCode::NothingToPublish => self.fe_nothing_to_publish.into(),
            ErrorCode::InvalidCredentials => self.login_failed.into(),
            ErrorCode::OutOfRange { min, max } => {
                self.fe_out_of_range.replace("{min}", &min.to_string()).replace("{max}", &max.to_string())
            }
            ErrorCode::InvalidPhone => self.fe_invalid_phone.into(),
            ErrorCode::AlreadyRegistered => self.fe_already_registered.into(),
            ErrorCode::RegistrationClosed => self.fe_registration_closed.into(),
            ErrorCode::OrganisationRequired => self.fe_organisation_required.into(),
            ErrorCode::UnknownBadge => self.fe_unknown_badge.into(),
            ErrorCode::NotApproved => self.fe_not_approved.into(),
            ErrorCode::TranslationExists => self.fe_translation_exists.into(),
            ErrorCode::NotWorkingLanguage => self.fe_not_working_language.into(),
            ErrorCode::FileTooLarge { max } => self.fe_file_too_large.replace("{n}", &max.to_string()),
            ErrorCode::FileType => self.fe_file_type.into(),
            ErrorCode::Locked => self.fe_locked.into(),
            ErrorCode::CommentsClosed => self.fe_comments_closed.into(),
            ErrorCode::DateInPast => self.fe_date_in_past.into(),
            ErrorCode::WrongStep => self.fe_wrong_step.into(),
            ErrorCode::PercentMismatch => self.fe_percent_mismatch.into(),
            ErrorCode::InvalidCode => self.fe_invalid_code.into(),
            ErrorCode::DuplicateCode => self.fe_duplicate_code.into(),
            ErrorCode::InvalidBody => self.fe_invalid_body.into(),
            ErrorCode::InvalidFramework => self.fe_invalid_framework.into(),
            ErrorCode::InvalidIndicator => self.fe_invalid_indicator.into(),
            ErrorCode::InvalidLink => self.fe_invalid_link.into(),
            ErrorCode::ResponsibleRequired => self.fe_responsible_required.into(),
            ErrorCode::CycleClosed => self.fe_cycle_closed.into(),
            ErrorCode::NotResponsible => self.fe_not_responsible.into(),
            ErrorCode::InvalidTable => self.fe_invalid_table.into(),
            ErrorCode::Incomplete { what } => self.fe_incomplete.replace("{with}", what),
            ErrorCode::ControlCharacters => self.fe_control_characters.into(),
            ErrorCode::HeadOfDelegationTaken => self.fe_head_taken.into(),
            ErrorCode::WrongPassword => self.fe_wrong_password.into(),
            ErrorCode::LinkExpired => self.fe_link_expired.into(),
            ErrorCode::LastSecretariat => self.fe_last_secretariat.into(),
            ErrorCode::DeadlinePassed => self.fe_deadline_passed.into(),
            ErrorCode::TooLarge => self.fe_too_large.into(),
            ErrorCode::NobodyChosen => self.msg_nobody.into(),
            ErrorCode::AlreadyAsked => self.sp_already.into(),
            ErrorCode::NeedsApproval => self.nv_needs_approval.into(),
            ErrorCode::NotEligible { rows, .. } => format!("{} {}", self.reg_refused_intro, rows.len()),
            ErrorCode::EditionInProgress => self.fe_edition_in_progress.into(),
            ErrorCode::UnknownAccount => self.fe_unknown_account.into(),
            ErrorCode::NotANumber => self.fe_not_a_number.into(),
            ErrorCode::InvalidIndicatorCode => self.fe_indicator_code.into(),
            ErrorCode::IndicatorCodeTaken => self.fe_indicator_code_taken.into(),
            ErrorCode::EditionLocked => self.fe_edition_locked.into(),
            ErrorCode::AlreadyMember => self.fe_already_member.into(),
            ErrorCode::IndicatorInUse => self.fe_indicator_in_use.into(),
        }
    }

    fn month(&self, m: u32) -> &'static str {
        self.month_names.split(',').nth(m as usize - 1).unwrap_or("")
    }

    /// 1234567 → "1,234,567" / "1 234 567" / "1 234 567" (no-break spaces).
    pub fn number(&self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + 8);
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(self.num_group);
            }
            out.push(c);
        }
        out
    }

    /// A percentage: "60%" / "60 %" (narrow no-break space) / "60%".
    pub fn percent(&self, p: i32) -> String {
        format!("{}{}", self.number(p.into()), self.percent_suffix)
    }

    /// A number with one decimal: "1.4" / "1,4".
    pub fn decimal1(&self, x: f64) -> String {
        let tenths = (x * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let t = tenths.unsigned_abs() as i64;
        format!("{sign}{}{}{}", self.number(t / 10), self.num_decimal, t % 10)
    }

    fn weekday(&self, d: Weekday) -> &'static str {
        self.weekday_names.split(',').nth(d.num_days_from_monday() as usize).unwrap_or("")
    }
}

/// "7 December 2026" / "7 décembre 2026" / "7 de dezembro de 2026".
pub fn format_date(lang: Lang, d: NaiveDate) -> String {
    let t = Strings::get(lang);
    match lang {
        Lang::Pt => format!("{} de {} de {}", d.day(), t.month(d.month()), d.year()),
        _ => format!("{} {} {}", d.day(), t.month(d.month()), d.year()),
    }
}

/// "Monday 7 December 2026" with the weekday name of the language.
pub fn format_day(lang: Lang, d: NaiveDate) -> String {
    let t = Strings::get(lang);
    let wd = t.weekday(d.weekday());
    match lang {
        Lang::Pt => format!("{wd}, {}", format_date(lang, d)),
        _ => format!("{wd} {}", format_date(lang, d)),
    }
}

/// "7–9 December 2026", collapsing the shared month/year.
pub fn format_date_range(lang: Lang, start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        return format_date(lang, start);
    }
    let t = Strings::get(lang);
    if start.year() == end.year() && start.month() == end.month() {
        match lang {
            Lang::Pt => format!("{}–{} de {} de {}", start.day(), end.day(), t.month(end.month()), end.year()),
            _ => format!("{}–{} {} {}", start.day(), end.day(), t.month(end.month()), end.year()),
        }
    } else {
        format!("{} – {}", format_date(lang, start), format_date(lang, end))
    }
}

/// The current UI language, provided by the `App` component.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The strings of the current UI language.
pub fn use_i18n() -> &'static Strings {
    Strings::get(use_lang())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_translated_and_not_empty() {
        for (key, en, fr, pt) in ALL_KEYS {
            if *key == "num_group" {
                // The thousands separator is a (no-break) space in French and Portuguese.
                assert!(!fr.is_empty() && !pt.is_empty());
                continue;
            }
            assert!(!en.trim().is_empty() && !fr.trim().is_empty() && !pt.trim().is_empty(), "{key} has an empty translation");
        }
    }

    #[test]
    fn translations_are_not_english_copies() {
        // Some words are the same in all three languages; everything else must be translated.
        let same_ok = [
            "agenda_title",
            "meeting_view_agenda",
            "meeting_description",
            "editor_kind",
            "meeting_dates",
            "audit_action",
            "meeting_timezone_help",
            "reg_organisation",
            "reg_participants_title",
            "reg_badges",
            "paper_versions",
            "paper_version",
            "paper_title",
            "plan_code",
            "plan_level_national",
            "plan_level_regional",
            "report_version",
            "tr_status_original",
            "tr_source",
            "tr_original_tag",
            // The same words in English and French.
            "pr_source",
            "pr_note",
            "pr_code",
            "pr_ch_immigration",
            "percent_suffix",
            "unit_b",
            "unit_kb",
            "unit_mb",
            "colon",
            // "Note verbale" is the diplomatic term in English and French alike.
            "nv_title",
            // "Note" is the same word in English and French.
            "live_note",
            // "Message(s)" is spelt alike in English and French.
            "msg_link",
            "msg_body",
        ];
        let mut untranslated = Vec::new();
        for (key, en, fr, pt) in ALL_KEYS {
            if !same_ok.contains(key) && (en == fr || en == pt) {
                untranslated.push(*key);
            }
        }
        assert!(untranslated.is_empty(), "untranslated keys: {untranslated:?}");
    }

    #[test]
    fn placeholders_survive_translation() {
        for (key, en, fr, pt) in ALL_KEYS {
            for ph in ["{n}", "{with}", "{min}", "{max}", "{lang}"] {
                assert_eq!(en.contains(ph), fr.contains(ph), "{key} fr placeholder {ph}");
                assert_eq!(en.contains(ph), pt.contains(ph), "{key} pt placeholder {ph}");
            }
        }
        assert_eq!(EN.month_names.split(',').count(), 12);
        assert_eq!(FR.weekday_names.split(',').count(), 7);
        assert_eq!(PT.month_names.split(',').count(), 12);
    }

    #[test]
    fn dates_are_localised() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let e = NaiveDate::from_ymd_opt(2026, 12, 9).unwrap();
        assert_eq!(format_date(Lang::En, d), "7 December 2026");
        assert_eq!(format_date(Lang::Fr, d), "7 décembre 2026");
        assert_eq!(format_date(Lang::Pt, d), "7 de dezembro de 2026");
        assert_eq!(format_day(Lang::En, d), "Monday 7 December 2026");
        assert_eq!(format_day(Lang::Fr, d), "lundi 7 décembre 2026");
        assert_eq!(format_day(Lang::Pt, d), "segunda-feira, 7 de dezembro de 2026");
        assert_eq!(format_date_range(Lang::En, d, e), "7–9 December 2026");
        assert_eq!(format_date_range(Lang::Pt, d, e), "7–9 de dezembro de 2026");
        let f = NaiveDate::from_ymd_opt(2027, 1, 2).unwrap();
        assert_eq!(format_date_range(Lang::En, d, f), "7 December 2026 – 2 January 2027");
    }

    #[test]
    fn numbers_are_localised() {
        assert_eq!(EN.number(1234567), "1,234,567");
        assert_eq!(FR.number(1234567), "1\u{202f}234\u{202f}567");
        assert_eq!(PT.number(1234), "1\u{a0}234");
        assert_eq!(EN.number(999), "999");
        assert_eq!(EN.number(-1000), "-1,000");
        assert_eq!(EN.percent(60), "60%");
        assert_eq!(FR.percent(60), "60\u{202f}%");
        assert_eq!(PT.percent(100), "100%");
        assert_eq!(EN.decimal1(1.44), "1.4");
        assert_eq!(FR.decimal1(12.96), "13,0");
        assert_eq!(EN.decimal1(-0.44), "-0.4");
    }

    /// French typography: a no-break space before : ; ? ! and %, and inside « »; never a plain
    /// space, which would let the sign start a new line.
    #[test]
    fn french_punctuation_is_spaced_with_no_break_spaces() {
        let mut wrong = Vec::new();
        for (key, _, fr, _) in ALL_KEYS {
            let chars: Vec<char> = fr.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + 1).copied();
                let ends_clause = after.is_none_or(char::is_whitespace);
                let bad = match c {
                    ':' | ';' | '?' | '!' if ends_clause => !matches!(before, Some('\u{a0}' | '\u{202f}')),
                    '%' | '»' => before == Some(' '),
                    '«' => after == Some(' '),
                    _ => false,
                };
                if bad {
                    wrong.push(format!("{key}: {fr}"));
                    break;
                }
            }
        }
        assert!(wrong.is_empty(), "French strings with plain spaces around punctuation: {wrong:#?}");
    }

    #[test]
    fn every_error_code_has_a_message() {
        let codes = [ErrorCode::Required, ErrorCode::TooLong { max: 5 }, ErrorCode::Overlap { with: "Opening".into() }];
        for lang in Lang::ALL {
            for c in &codes {
                let m = Strings::get(lang).field_error(c);
                assert!(!m.contains('{'), "{m}");
            }
        }
        assert_eq!(FR.field_error(&ErrorCode::TooLong { max: 5 }), "Trop long\u{a0}: 5 caractères au maximum.");
    }
}
