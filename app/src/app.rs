//! The HTML shell, the root component and the router.

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
    path, SsrMode,
};

/// The signed-in user (or none), loaded once per page and after every successful action.
#[derive(Clone, Copy)]
pub struct UserResource(pub Resource<Result<Option<CurrentUser>, AppError>, crate::components::Json>);

/// The UI language: chosen on the server (cookie, then the user's setting, then
/// `Accept-Language`).
pub fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::context::request_lang()
    }
    #[cfg(not(feature = "ssr"))]
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
    // Islands mode: the page is not hydrated, only its islands are, so only what an island reads
    // travels as hydration data (resources read elsewhere are not serialised into the page).
    // Leptos' `HydrationScripts islands=true` does the same.
    #[cfg(feature = "ssr")]
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
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

/// Makes the page's islands interactive (`#[island]` components; the rest of every page is the
/// server's HTML and stays as it is). A page without an island loads no script and no wasm at
/// all. A page with one loads them only once the page has loaded and the browser is idle (at
/// most 2 s later): every page is complete without them, so on a slow connection the HTML,
/// stylesheet and first paint get the whole bandwidth. Each `<leptos-island>` is then hydrated
/// by the function the wasm exports under its `data-component` name (as Leptos'
/// `HydrationScripts islands=true` does, without preloading the files from the head; islands are
/// never nested and none is `lazy`, so the walk is flat and synchronous), and the body is marked
/// `data-hydrated` for tests (and curious humans). A missing function or an island that fails
/// is logged and the others still run.
///
/// The same script keeps a form from being sent twice: a second submission of a `post` form (its
/// submitter's `formmethod` counts; not one that opens in a new tab) while the first is under way
/// (a double click, an impatient tap on a slow connection) is ignored, until the page changes or
/// 30 seconds have passed (a response that is a download leaves the page in place). Meanwhile
/// `form[data-sending]` dims its buttons (style/main.css) and the button pressed is marked
/// `aria-disabled`. Light pages (no scripts) and browsers without JavaScript send what they are
/// asked to.
#[component]
fn DeferredHydration(options: LeptosOptions) -> impl IntoView {
    let SiteFiles { js, wasm, .. } = site_file_names(&options);
    let pkg = &options.site_pkg_dir;
    view! {
        <script type="module" nonce=leptos::nonce::use_nonce()>
            {format!(
                "(function(js,wasm){{\
                 const free=f=>{{delete f.dataset.sending;for(const b of f.querySelectorAll('[aria-disabled]'))b.removeAttribute('aria-disabled')}};\
                 addEventListener('submit',e=>{{const f=e.target,b=e.submitter;\
                 const m=((b&&b.getAttribute('formmethod'))||f.getAttribute('method')||'get').toLowerCase();\
                 if(e.defaultPrevented||m!=='post'||((b&&b.getAttribute('formtarget'))||f.target)==='_blank')return;\
                 if(f.dataset.sending){{e.preventDefault();return}}f.dataset.sending='1';if(b)b.setAttribute('aria-disabled','true');\
                 setTimeout(()=>free(f),30000)}});\
                 addEventListener('pageshow',()=>{{for(const f of document.querySelectorAll('form[data-sending]'))free(f)}});\
                 const done=()=>{{document.body.dataset.hydrated='true'}};\
                 const go=()=>{{const islands=document.querySelectorAll('leptos-island');if(!islands.length){{done();return}}\
                 import(js).then(m=>m.default({{module_or_path:wasm}}).then(()=>{{m.hydrate();\
                 for(const el of islands){{const f=m[el.dataset.component];\
                 if(!f){{console.error('no wasm function for the island '+el.dataset.component);continue}}\
                 try{{f(el)}}catch(err){{console.error(err)}}}}done()}})).catch(err=>console.error(err))}};\
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
    let user = crate::components::resource(move || (), |_| current_user_info());
    provide_context(UserResource(user));
    let t = crate::i18n::use_i18n();

    view! {
        <Title text=t.app_name />
        <Router>
            <Layout>
                <Routes fallback=|| view! { <ErrorView error=AppError::NotFound /> }>
                    <Route path=path!("/") view=MeetingsPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings") view=MeetingsPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/new") view=MeetingEditPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id") view=MeetingPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/edit") view=MeetingEditPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/agenda") view=AgendaPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/translations") view=TranslationsPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/translations/:lang") view=TranslationWorkbenchPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/agenda/revisions") view=RevisionsPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/agenda/edit") view=AgendaEditorPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/agenda/sessions/:sid") view=SessionEditPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/agenda/items/:iid") view=ItemEditPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/register") view=RegisterPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/register/thanks") view=RegisterThanksPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/registrations") view=RegistrationsAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/delegation") view=DelegationPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/participants") view=ParticipantsPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/badges") view=BadgesPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/messages") view=MessagesAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/messages/:mid") view=MessagePage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/checkin") view=CheckInPage ssr=SsrMode::Async />
                    <Route path=path!("/registrations/confirm/:token") view=ConfirmPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/live") view=LivePage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/speakers") view=SpeakersPage ssr=SsrMode::Async />
                    <Route path=path!("/me") view=MyRegistrationsPage ssr=SsrMode::Async />
                    <Route path=path!("/work") view=WorkPage ssr=SsrMode::Async />
                    <Route path=path!("/me/tokens") view=TokensPage ssr=SsrMode::Async />
                    <Route path=path!("/me/password") view=ChangePasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/me/registrations/:rid") view=MyRegistrationEditPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/papers") view=PapersPage ssr=SsrMode::Async />
                    <Route path=path!("/papers/new") view=PaperEditPage ssr=SsrMode::Async />
                    <Route path=path!("/papers/:pid") view=PaperPage ssr=SsrMode::Async />
                    <Route path=path!("/papers/:pid/edit") view=PaperEditPage ssr=SsrMode::Async />
                    <Route path=path!("/papers/:pid/versions/:n") view=PaperVersionPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/minutes") view=MinutesPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/minutes/print") view=MinutesPrintPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/plan") view=PlanPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/plan/dashboard") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/meetings/:id/plan/countries/:code") view=CountryPage ssr=SsrMode::Async />
                    <Route path=path!("/cycles/:cid") view=CyclePage ssr=SsrMode::Async />
                    <Route path=path!("/cycles/:cid/consolidated") view=ConsolidatedPage ssr=SsrMode::Async />
                    <Route path=path!("/cycles/:cid/reports/:rid/:reporter") view=ReportPage ssr=SsrMode::Async />
                    <Route path=path!("/profiles") view=ProfilesPage ssr=SsrMode::Async />
                    <Route path=path!("/profiles/regional") view=RegionalPage ssr=SsrMode::Async />
                    <Route path=path!("/profiles/indicators") view=IndicatorsPage ssr=SsrMode::Async />
                    <Route path=path!("/profiles/regional/compile") view=RegionalCompilePage ssr=SsrMode::Async />
                    <Route path=path!("/profiles/:code") view=ProfileStatePage ssr=SsrMode::Async />
                    <Route path=path!("/profiles/:code/:year") view=ProfileEditionPage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/invite") view=AcceptInvitePage ssr=SsrMode::Async />
                    <Route path=path!("/password/forgot") view=PasswordForgotPage ssr=SsrMode::Async />
                    <Route path=path!("/password/reset") view=PasswordResetPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view=UsersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users/:uid") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view=AuditPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
