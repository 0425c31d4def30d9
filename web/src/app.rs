//! The page: state from the URL, the questionnaire, and the live result — or, with `?embed=1`,
//! only the compact card.

use leptos::prelude::*;
use tenancy_core::link::{self, Link};
use tenancy_core::plan::plan;
use tenancy_core::recommend;

use crate::details::{Caveats, Neighbours, Reasons};
use crate::embed::EmbedCard;
use crate::estate::Estate;
use crate::exports::ExportPanel;
use crate::location;
use crate::placement::PlacementPanel;
use crate::presets::{PresetPicker, PresetStory};
use crate::questionnaire::Questionnaire;
use crate::result::Summary;
use crate::share::SharePanel;

/// The whole app; its state is the URL's query.
#[component]
pub fn App() -> impl IntoView {
    let (initial, warnings) = Link::from_query(&location::query());
    let embed = initial.embed;
    let link = RwSignal::new(initial);
    let notice = RwSignal::new(link::notice(&warnings));
    let answers = Memo::new(move |_| link.with(|l| l.answers.clone()));
    let recommendation = Memo::new(move |_| answers.with(recommend));
    let estate = RwSignal::new(Estate::default_estate());
    let request = Memo::new(move |_| {
        link.with(|l| estate.with(|e| l.request(&e.topology).map_err(|e| e.to_string())))
    });
    let plan = Memo::new(move |_| {
        let request = request.get().ok()?;
        estate.with(|e| Some(plan(&e.topology, &request)))
    });

    Effect::new(move |_| link.with(|l| location::replace_query(&l.to_query())));

    if embed {
        return view! { <EmbedCard link=link recommendation=recommendation /> }.into_any();
    }

    let on_answer = move |key: &'static str, value: String| {
        link.update(|l| {
            if let Err(warning) = l.answers.set(key, &value) {
                notice.set(Some(format!("That answer was not taken: {warning}.")));
            }
        });
    };

    view! {
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
                <Summary recommendation=recommendation />
                <Reasons recommendation=recommendation />
                <Neighbours recommendation=recommendation />
                <Caveats recommendation=recommendation />
            </div>
        </main>
        <div class="wide">
            <PlacementPanel link=link estate=estate request=request plan=plan />
            <ExportPanel recommendation=recommendation request=request plan=plan estate=estate />
            <SharePanel link=link recommendation=recommendation />
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
