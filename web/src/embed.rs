//! `?embed=1`: a compact result card for an `<iframe>` in documentation (fits 640×420).

use leptos::prelude::*;
use tenancy_core::Recommendation;
use tenancy_core::link::Link;

use crate::figure::FigureView;
use crate::location;
use crate::result::{axis_title, drawings, testid, verdict};

/// Ruler, stack diagram, one-line verdict and a link to the full calculator.
#[component]
pub fn EmbedCard(link: RwSignal<Link>, recommendation: Memo<Recommendation>) -> impl IntoView {
    let [ruler, stack, _] = drawings(recommendation);
    let full = move || {
        link.with(|l| {
            let mut full = l.clone();
            full.embed = false;
            location::url_of(&full.to_query())
        })
    };
    let title = move || {
        link.with(|l| {
            // The preset's name only while its answers stand unchanged.
            let unchanged = l.preset.filter(|p| p.answers() == l.answers);
            unchanged.map_or("Tenancy Scale".to_owned(), |p| {
                format!("Tenancy Scale: {}", p.title)
            })
        })
    };
    view! {
        <main class="embed" data-testid="embed-card">
            <header class="embed-head">
                <h1>{title}</h1>
                <a href=full target="_blank" rel="noopener">"Open in full"</a>
            </header>
            <p class="embed-verdict">{move || recommendation.with(verdict)}</p>
            <div class="embed-figures">
                <FigureView figure=ruler testid="scale-ruler" class="ruler" />
                <FigureView figure=stack testid="stack-diagram" class="stack" />
            </div>
            <dl class="embed-levels">
                {move || {
                    recommendation
                        .with(|r| {
                            tenancy_core::rung::Axis::ALL
                                .iter()
                                .map(|axis| {
                                    let level = r.axes.get(*axis).level;
                                    view! {
                                        <div>
                                            <dt>{axis_title(*axis)}</dt>
                                            <dd data-testid=testid(*axis) data-level=level.id()>{level.label()}</dd>
                                        </div>
                                    }
                                })
                                .collect_view()
                        })
                }}
            </dl>
        </main>
    }
}
