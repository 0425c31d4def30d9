//! The page: state from the URL, the questionnaire, and the live result — or, with `?embed=1`,
//! only the compact card. The first view (questions, the verdict, the summary with its ruler,
//! stack and pattern) is computed here. The details (reasons, neighbours, warnings, controls)
//! and the panels (placement, topologies, exports, sharing) are a second module (`panels`,
//! loaded by `web/loader.js` once the first view is on screen) in the places left for them; the
//! two halves exchange link queries (`bridge`).

use leptos::prelude::*;
use tenancy_core::link::{self, Link};
use tenancy_core::recommend;

use crate::embed::EmbedCard;
use crate::location;
use crate::presets::{PresetPicker, PresetStory};
use crate::questionnaire::Questionnaire;
use crate::result::{Summary, VerdictBar};
use crate::{bridge, panels};

/// The whole app; its state is the URL's query.
#[component]
pub fn App() -> impl IntoView {
    let (initial, warnings) = Link::from_query(&location::query());
    let embed = initial.embed;
    let link = RwSignal::new(initial);
    let notice = RwSignal::new(link::notice(&warnings));
    let answers = Memo::new(move |_| link.with(|l| l.answers.clone()));
    let recommendation = Memo::new(move |_| answers.with(recommend));
    let query = Memo::new(move |_| link.with(Link::to_query));

    Effect::new(move |_| query.with(|q| location::replace_query(q)));

    if embed {
        return view! { <EmbedCard link=link recommendation=recommendation /> }.into_any();
    }

    // The panels announce edits to the request (and the answers a typed request carries).
    bridge::listen(bridge::EDIT, move |edit| {
        let (edited, _) = Link::from_query(&edit);
        link.update(|l| {
            l.answers = edited.answers;
            l.request = edited.request;
        });
    });
    Effect::new(move |_| bridge::announce(bridge::STATE, query.get()));

    let on_answer = move |key: &'static str, value: String| {
        link.update(|l| {
            if let Err(warning) = l.answers.set(key, &value) {
                notice.set(Some(format!("That answer was not taken: {warning}.")));
            }
        });
    };

    view! {
        <a class="skip-link" href="#result">"Skip to the result"</a>
        <header class="masthead">
            <div>
                <h1>"Tenancy Scale"</h1>
                <p class="tagline">
                    "How much isolation is enough — processes, containers, sandboxes, VMs, dedicated hosts — and where the copies go."
                </p>
            </div>
            <PresetPicker link=link />
        </header>
        <PresetStory link=link />
        {move || {
            notice
                .get()
                .map(|text| {
                    view! {
                        <div class="notice" role="status" data-testid="notice">
                            <p>{text}</p>
                            <button type="button" class="dismiss" on:click=move |_| notice.set(None)>
                                "Dismiss"
                            </button>
                        </div>
                    }
                })
        }}
        <main class="layout">
            <Questionnaire answers=answers on_answer=on_answer />
            <div class="results">
                <VerdictBar recommendation=recommendation />
                <Summary recommendation=recommendation />
                <div id=panels::DETAILS_ID class="details" aria-busy="true">
                    <p class="card muted" data-testid="details-loading">
                        "Loading the reasons, the neighbours on the scale, the warnings and the controls…"
                    </p>
                </div>
            </div>
        </main>
        <div class="wide" id=panels::HOST_ID data-query=move || query.get() aria-busy="true">
            <section class="card placement" aria-labelledby="placement-heading">
                <h2 id="placement-heading">"Where the copies go"</h2>
                <p class="placement-status" data-testid="panels-loading">
                    "Loading placement, topologies and exports…"
                </p>
            </section>
        </div>
        <footer class="footer">
            <p>
                "Runs entirely in your browser: no server, no requests, no tracking. Based on Scott McCarty's "
                <a href="https://www.redhat.com/es/blog/container-tidbits-tenancy-scale" rel="noopener noreferrer" target="_blank">
                    "tenancy scale"
                </a>
                "; every level cites its source. Check date-sensitive sources before you rely on them."
            </p>
        </footer>
    }
    .into_any()
}
