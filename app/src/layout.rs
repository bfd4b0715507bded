use crate::app::UserResource;
use crate::domain::{Lang, Role};
use crate::i18n::{use_i18n, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;

/// Header (site name, navigation, account, language), main content and footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let t = use_i18n();
    let lang = use_lang();
    let user = expect_context::<UserResource>().0;
    view! {
        <a class="skip-link" href="#main">
            {t.skip_to_content}
        </a>
        <header class="site-header">
            <div class="brand">
                <a href="/" class="brand-name">
                    {t.app_name}
                </a>
                <span class="brand-tagline">{t.app_tagline}</span>
            </div>
            <nav aria-label=t.nav_main class="main-nav">
                <ul>
                    <li>
                        <A href="/meetings">{t.nav_meetings}</A>
                    </li>
                    <li>
                        <A href="/profiles">{t.nav_profiles}</A>
                    </li>
                    <li>
                        <A href="/search">{t.search_title}</A>
                    </li>
                    <Suspense>
                        {move || Suspend::new(async move {
                            let u = user.await.ok().flatten();
                            let secretariat = u.as_ref().is_some_and(|u| u.role == Role::Secretariat);
                            view! {
                                {secretariat
                                    .then(|| {
                                        view! {
                                            <li>
                                                <A href="/admin/users">{t.nav_users}</A>
                                            </li>
                                            <li>
                                                <A href="/admin/audit">{t.nav_audit}</A>
                                            </li>
                                        }
                                    })}
                                {match u {
                                    Some(u) => {
                                        view! {
                                            <li>
                                                <A href="/work">{t.work_nav}</A>
                                            </li>
                                            <li>
                                                <A href="/me">{t.nav_me}</A>
                                            </li>
                                            {(u.role != Role::Delegate)
                                                .then(|| {
                                                    view! {
                                                        <li>
                                                            <A href="/me/tokens">{t.tokens_title}</A>
                                                        </li>
                                                    }
                                                })}
                                            <li class="account">
                                                <span class="who">{t.signed_in_as}" "<strong>{u.display_name}</strong></span>
                                                // A plain form (a whole new page, also with JavaScript): the
                                                // signed-out page clears what the browser kept offline.
                                                <form method="post" action="/api/auth/logout" class="inline-form">
                                                    <button type="submit" class="link-button">
                                                        {t.nav_logout}
                                                    </button>
                                                </form>
                                            </li>
                                        }
                                            .into_any()
                                    }
                                    None => {
                                        view! {
                                            <li>
                                                <A href="/login">{t.nav_login}</A>
                                            </li>
                                        }
                                            .into_any()
                                    }
                                }}
                            }
                        })}
                    </Suspense>
                </ul>
            </nav>
            <form method="post" action="/set-language" class="lang-form">
                <label for="lang-select">{t.nav_language}</label>
                <select id="lang-select" name="lang">
                    {Lang::ALL
                        .into_iter()
                        .map(|l| {
                            view! {
                                <option value=l.code() selected=l == lang lang=l.code()>
                                    {l.native_name()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <button type="submit" class="button small">
                    {t.change_language}
                </button>
            </form>
        </header>
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>{t.footer_text}</p>
            <form method="post" action="/set-lite" class="lite-form">
                {if crate::app::lite_mode() {
                    view! {
                        <input type="hidden" name="lite" value="off" />
                        <span>{t.lite_active}" "</span>
                        <button type="submit" class="link-button">
                            {t.lite_off}
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <input type="hidden" name="lite" value="on" />
                        <button type="submit" class="link-button">
                            {t.lite_on}
                        </button>
                    }
                        .into_any()
                }}
            </form>
        </footer>
    }
}
