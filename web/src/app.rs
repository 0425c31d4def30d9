//! The page: state from the URL, the questionnaire, and the live result — or, with `?embed=1`,
//! only the compact card. The first view (questions, recommendation, ruler, stack, pattern)
//! is computed here; placement, topologies and exports come from the worker once it has started.

use leptos::prelude::*;
use tenancy_core::link::{self, Link};
use tenancy_core::recommend;

use crate::details::{Caveats, Neighbours, Reasons};
use crate::embed::EmbedCard;
use crate::exports::ExportPanel;
use crate::location;
use crate::placement::PlacementPanel;
use crate::presets::{PresetPicker, PresetStory};
use crate::questionnaire::Questionnaire;
use crate::result::{Summary, VerdictBar};
use crate::share::SharePanel;
use crate::worker::Heavy;

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

    // The worker starts once the first view is on screen; until then its panels say so.
    let heavy = Heavy::new();
    let target = RwSignal::new(String::new());
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            heavy.start();
        }
    });
    Effect::new(move |_| {
        // Ask again whenever the state, the export target or the topology changes.
        let topology = heavy
            .topology
            .with(|t| t.as_ref().map(|t| t.origin.clone()));
        if topology.is_some() {
            heavy.show(query.get(), &target.get());
        }
    });
    // A request typed by hand comes back as a link: take its answers and request edits.
    Effect::new(move |_| {
        if let Some(taken) = heavy.request_taken.get() {
            let (edited, _) = Link::from_query(&taken);
            link.update(|l| {
                l.answers = edited.answers;
                l.request = edited.request;
            });
        }
    });

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
                <Reasons recommendation=recommendation />
                <Neighbours recommendation=recommendation />
                <Caveats recommendation=recommendation />
            </div>
        </main>
        <div class="wide">
            <PlacementPanel link=link heavy=heavy />
            <ExportPanel heavy=heavy target=target answers=answers query=query />
            <SharePanel link=link recommendation=recommendation heavy=heavy />
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
