//! The HTML shell, the root component and the router.

use crate::components::Refresh;
use crate::domain::CurrentUser;
use crate::domain::Lang;
use crate::error::{AppError, ErrorView};
use crate::features::admin::pages::AuditPage;
use crate::features::agenda::live_page::LivePage;
use crate::features::agenda::pages::{AgendaEditorPage, AgendaPage, ItemEditPage, RevisionsPage, SessionEditPage};
use crate::features::agenda::speakers_page::SpeakersPage;
use crate::features::auth::api::current_user_info;
use crate::features::auth::pages::{
    AcceptInvitePage, AccountPage, ChangePasswordPage, LoginPage, PasswordForgotPage, PasswordResetPage, UsersPage,
};
use crate::features::meetings::pages::{MeetingEditPage, MeetingPage, MeetingsPage};
use crate::features::minutes::pages::{MinutesPage, MinutesPrintPage};
use crate::features::papers::pages::{PaperEditPage, PaperPage, PaperVersionPage, PapersPage};
use crate::features::plan::pages::PlanPage;
use crate::features::profiles::pages::{
    IndicatorsPage, ProfileEditionPage, ProfileStatePage, ProfilesPage, RegionalCompilePage, RegionalPage,
};
use crate::features::registration::messages::{MessagePage, MessagesAdminPage};
use crate::features::registration::pages::{
    BadgesPage, CheckInPage, ConfirmPage, DelegationPage, MyRegistrationEditPage, MyRegistrationsPage, ParticipantsPage, RegisterPage,
    RegisterThanksPage, RegistrationsAdminPage,
};
use crate::features::reports::pages::{ConsolidatedPage, CountryPage, CyclePage, DashboardPage, ReportPage};
use crate::features::search::pages::SearchPage;
use crate::features::tokens::pages::TokensPage;
use crate::features::translations::pages::{TranslationWorkbenchPage, TranslationsPage};
use crate::features::work::pages::WorkPage;
use crate::layout::Layout;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, LazyRoute, SsrMode,
};

/// The pages a visitor does not need are lazily loaded parts of the wasm (`wasm_split`, as
/// Leptos' `#[lazy]`; scripts/build-site.sh splits the wasm at these points with wasm-split): the secretariat's
/// editors, a focal point's reporting, an account's own pages. The wasm every visitor downloads
/// (the shell) holds the public pages, registration and signing in. A few parts, not one per
/// page: each part is one file, and what several parts share a few more, so such a page needs a
/// handful of requests and a public page none (one part per page made hundreds of small files,
/// docs/BENCHMARKS.md). The server renders every page at once as before; in the
/// browser the router loads the part (`LazyRoute::preload`) before it hydrates the page
/// (`hydrate_from_async` in `lib.rs`) or shows it.
macro_rules! lazy_parts {
    ($($(#[$doc:meta])* $part:ident($kind:ident, $preload:ident) { $($route:ident => $page:ident),* $(,)? })*) => {
        $(
            // The pages of a part, named after their routes.
            #[derive(Clone, Copy)]
            #[expect(clippy::enum_variant_names, reason = "the variants are the routes' names")]
            enum $kind {
                $($route),*
            }

            $(#[$doc])*
            // In the browser (wasm32) an async function that first loads the part, and whose
            // load may fail (`fallible`: `LazyRoute`s below then load the whole page instead);
            // on the server a plain function.
            #[cfg_attr(
                target_arch = "wasm32",
                leptos::wasm_split::wasm_split($part, wasm_split_path = ::leptos::wasm_split, preload($preload), fallible)
            )]
            fn $part(page: $kind) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
                Ok(match page {
                    $($kind::$route => view! { <$page /> }.into_any()),*
                })
            }

            $(
                struct $route;

                impl $route {
                    /// The route's view (`view=XRoute::lazy()`: the view macro reads no turbofish).
                    fn lazy() -> Lazy<Self> {
                        Lazy::new()
                    }
                }

                impl LazyRoute for $route {
                    fn data() -> Self {
                        Self
                    }

                    fn view(_this: Self) -> impl std::future::Future<Output = AnyView> {
                        async {
                            #[cfg(target_arch = "wasm32")]
                            let view = $part($kind::$route).await;
                            #[cfg(not(target_arch = "wasm32"))]
                            let view = $part($kind::$route);
                            match view {
                                Ok(view) => view,
                                Err(_) => {
                                    part_failed().await;
                                    ().into_any()
                                }
                            }
                        }
                    }

                    // Hydration (and a navigation) waits for the part before the page is
                    // hydrated or shown.
                    fn preload() -> impl std::future::Future<Output = ()> {
                        async {
                            #[cfg(target_arch = "wasm32")]
                            if $preload().await.is_err() {
                                part_failed().await;
                            }
                        }
                    }
                }
            )*
        )*
    };
}

/// A part could not be loaded: in the browser, the address the router is going to is loaded
/// as a whole page (`browser::load_whole_page`); the promise never resolves.
async fn part_failed() {
    #[cfg(feature = "hydrate")]
    {
        let url = leptos_router::hooks::use_url().get_untracked();
        let query = if url.search().is_empty() { String::new() } else { format!("?{}", url.search()) };
        crate::browser::load_whole_page(format!("{}{query}{}", url.path(), url.hash())).await;
    }
}

lazy_parts! {
    /// A focal point's work: the work list, reporting cycles, reports and consolidated reports.
    reporting(Reporting, __preload_reporting) {
        WorkRoute => WorkPage,
        CycleRoute => CyclePage,
        ReportRoute => ReportPage,
        ConsolidatedRoute => ConsolidatedPage,
    }
    /// An account's own pages: invitations, passwords, API tokens, a registration's changes.
    account(AccountPages, __preload_account) {
        AcceptInviteRoute => AcceptInvitePage,
        PasswordForgotRoute => PasswordForgotPage,
        PasswordResetRoute => PasswordResetPage,
        ChangePasswordRoute => ChangePasswordPage,
        TokensRoute => TokensPage,
        MyRegistrationEditRoute => MyRegistrationEditPage,
    }
    /// The secretariat's part: the meeting, agenda, translation and speakers' editors.
    secretariat_meetings(SecretariatMeetings, __preload_secretariat_meetings) {
        MeetingEditRoute => MeetingEditPage,
        TranslationsRoute => TranslationsPage,
        TranslationWorkbenchRoute => TranslationWorkbenchPage,
        AgendaEditorRoute => AgendaEditorPage,
        SessionEditRoute => SessionEditPage,
        ItemEditRoute => ItemEditPage,
        SpeakersRoute => SpeakersPage,
    }
    /// The secretariat's part: registrations, badges, messages and check-in.
    secretariat_registration(SecretariatRegistration, __preload_secretariat_registration) {
        RegistrationsAdminRoute => RegistrationsAdminPage,
        BadgesRoute => BadgesPage,
        MessagesAdminRoute => MessagesAdminPage,
        MessageRoute => MessagePage,
        CheckInRoute => CheckInPage,
    }
    /// The secretariat's part: the paper editor, profile indicators and regional compilation,
    /// accounts and the audit log.
    secretariat_admin(SecretariatAdmin, __preload_secretariat_admin) {
        PaperEditRoute => PaperEditPage,
        IndicatorsRoute => IndicatorsPage,
        RegionalCompileRoute => RegionalCompilePage,
        UsersRoute => UsersPage,
        AccountRoute => AccountPage,
        AuditRoute => AuditPage,
    }
}

/// The signed-in user (or none), loaded once per page and after every successful action.
#[derive(Clone, Copy)]
pub struct UserResource(pub Resource<Result<Option<CurrentUser>, AppError>, crate::components::Json>);

/// The UI language: chosen on the server (cookie, then the user's setting, then
/// `Accept-Language`), and read back from `<html lang>` in the browser so hydration agrees.
pub fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::context::request_lang()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        document().document_element().and_then(|e| e.get_attribute("lang")).and_then(|l| Lang::from_code(&l)).unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::default()
    }
}

/// Light pages (no scripts): see `ssr::context::lite_mode`. A hydrating page is never light.
pub fn lite_mode() -> bool {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::context::lite_mode()
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The nonce of this response's Content-Security-Policy (made by the server's
    // `security_headers` layer): every inline script Leptos writes, and the loader below, carry
    // it. It replaces the one leptos_axum made, before anything reads it.
    #[cfg(feature = "ssr")]
    if let Some(nonce) = crate::ssr::context::with_parts(|p| p.extensions.get::<leptos::nonce::Nonce>().cloned()) {
        provide_context(nonce);
    }
    let lang = initial_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta
                    name="description"
                    content="MIDSA Dialogue: meetings, agendas and follow-up of the Migration Dialogue for Southern Africa."
                />
                <link rel="stylesheet" href=format!("/{}/{}.css", options.site_pkg_dir, site_file_names(&options).css) />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <script src="/offline.js" defer></script>
                {(!lite_mode()).then(|| view! { <DeferredHydration options /> })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Loads the script and the wasm that make the page interactive only once the page has loaded
/// and the browser is idle (at most 2 s later). Every page is complete without them, so on a
/// slow connection the HTML, stylesheet and first paint get the whole bandwidth, and nothing
/// fetched for interactivity can delay what the reader sees first. (Leptos' `HydrationScripts`
/// also preloads both files from the head, which starts the 600 KB wasm before the first paint.)
#[component]
fn DeferredHydration(options: LeptosOptions) -> impl IntoView {
    let SiteFiles { js, wasm, .. } = site_file_names(&options);
    let pkg = &options.site_pkg_dir;
    view! {
        <script type="module" nonce=leptos::nonce::use_nonce()>
            {format!(
                "(function(js,wasm){{const go=()=>import(js).then(m=>m.default({{module_or_path:wasm}}).then(()=>m.hydrate()));\
                 const idle=()=>('requestIdleCallback' in window)?requestIdleCallback(go,{{timeout:2000}}):setTimeout(go,0);\
                 if(document.readyState==='complete'){{idle()}}else{{addEventListener('load',idle,{{once:true}})}}}})\
                 ({:?},{:?});",
                format!("/{pkg}/{js}.js"),
                format!("/{pkg}/{wasm}.wasm"),
            )}
        </script>
    }
}

/// The names of the site's script, wasm and stylesheet (`midsa.<hash>`, without the extension).
#[derive(Clone)]
struct SiteFiles {
    js: String,
    wasm: String,
    css: String,
}

/// The site's file names, from the hash file cargo-leptos (or scripts/build-site.sh) writes
/// beside the server binary, as Leptos' own hydration scripts and `HashedStylesheet` name them;
/// read once per process (`HashedStylesheet` read the file on every request).
fn site_file_names(options: &LeptosOptions) -> SiteFiles {
    #[cfg(feature = "ssr")]
    {
        static NAMES: std::sync::OnceLock<SiteFiles> = std::sync::OnceLock::new();
        NAMES
            .get_or_init(|| {
                let name = options.output_name.to_string();
                let mut files = SiteFiles { js: name.clone(), wasm: name.clone(), css: name };
                let hashes = options
                    .hash_files
                    .then(|| std::env::current_exe().ok())
                    .flatten()
                    .and_then(|exe| exe.parent().map(|d| d.join(options.hash_file.as_ref())))
                    .and_then(|p| std::fs::read_to_string(p).ok());
                match hashes {
                    Some(hashes) => {
                        for (file, hash) in hashes.lines().filter_map(|l| l.trim().split_once(':')) {
                            let hashed = match file {
                                "js" => &mut files.js,
                                "wasm" => &mut files.wasm,
                                "css" => &mut files.css,
                                _ => continue,
                            };
                            hashed.push_str(&format!(".{}", hash.trim()));
                        }
                    }
                    None if options.hash_files => tracing::error!("file hashing is on but the hash file is missing"),
                    None if option_env!("LEPTOS_OUTPUT_NAME").is_none() => files.wasm.push_str("_bg"),
                    None => {}
                }
                files
            })
            .clone()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let name = options.output_name.to_string();
        SiteFiles { js: name.clone(), wasm: name.clone(), css: name }
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = initial_lang();
    provide_context(lang);
    let refresh = Refresh(RwSignal::new(0));
    provide_context(refresh);
    let user = crate::components::resource(move || refresh.0.get(), |_| current_user_info());
    provide_context(UserResource(user));
    let t = crate::i18n::use_i18n();

    view! {
        <Title text=t.app_name />
        <Router>
            <Layout>
                <Routes fallback=|| view! { <ErrorView error=AppError::NotFound /> }>
                    <Route path=path!("/") view=MeetingsPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings") view=MeetingsPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/new") view=MeetingEditRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id") view=MeetingPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/edit") view=MeetingEditRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/agenda") view=AgendaPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/translations") view=TranslationsRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/translations/:lang") view=TranslationWorkbenchRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/agenda/revisions") view=RevisionsPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/agenda/edit") view=AgendaEditorRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/agenda/sessions/:sid") view=SessionEditRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/agenda/items/:iid") view=ItemEditRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/register") view=RegisterPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/register/thanks") view=RegisterThanksPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/registrations") view=RegistrationsAdminRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/delegation") view=DelegationPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/participants") view=ParticipantsPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/badges") view=BadgesRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/messages") view=MessagesAdminRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/messages/:mid") view=MessageRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/checkin") view=CheckInRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/registrations/confirm/:token") view=ConfirmPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/live") view=LivePage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/speakers") view=SpeakersRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/me") view=MyRegistrationsPage ssr=SsrMode::Async />
                    <Route path=path!("/work") view=WorkRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/me/tokens") view=TokensRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/me/password") view=ChangePasswordRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/me/registrations/:rid") view=MyRegistrationEditRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/papers") view=PapersPage ssr=SsrMode::Async />
                    <Route path=path!("/papers/new") view=PaperEditRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/papers/:pid") view=PaperPage ssr=SsrMode::Async />
                    <Route path=path!("/papers/:pid/edit") view=PaperEditRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/papers/:pid/versions/:n") view=PaperVersionPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/minutes") view=MinutesPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/minutes/print") view=MinutesPrintPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/plan") view=PlanPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/plan/dashboard") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/plan/countries/:code") view=CountryPage ssr=SsrMode::Async />
                    <Route path=path!("/cycles/:cid") view=CycleRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/cycles/:cid/consolidated") view=ConsolidatedRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/cycles/:cid/reports/:rid/:reporter") view=ReportRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/profiles") view=ProfilesPage ssr=SsrMode::Async />
                    <Route path=path!("/profiles/regional") view=RegionalPage ssr=SsrMode::Async />
                    <Route path=path!("/profiles/indicators") view=IndicatorsRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/profiles/regional/compile") view=RegionalCompileRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/profiles/:code") view=ProfileStatePage ssr=SsrMode::Async />
                    <Route path=path!("/profiles/:code/:year") view=ProfileEditionPage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/invite") view=AcceptInviteRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/password/forgot") view=PasswordForgotRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/password/reset") view=PasswordResetRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view=UsersRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/admin/users/:uid") view=AccountRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view=AuditRoute::lazy() ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
