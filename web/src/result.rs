//! The live result summary: verdict, the four levels (with the stable `data-testid` hooks), the
//! tenancy-scale ruler, the stack diagram and the pattern.

use leptos::prelude::*;
use tenancy_core::Recommendation;
use tenancy_core::answers;
use tenancy_core::diagram::{pattern, ruler, stack};
use tenancy_core::rung::Axis;

use tenancy_web_worker::protocol::Drawing;

use crate::figure::FigureView;
use crate::source_link::SourceLink;

/// The stable `data-testid` of an axis' level.
pub fn testid(axis: Axis) -> &'static str {
    match axis {
        Axis::Compute => "level-compute",
        Axis::Residency => "level-residency",
        Axis::FailureDomain => "level-failure-domain",
        Axis::ControlPlane => "level-control-plane",
    }
}

/// The axis' heading as people read it.
pub fn axis_title(axis: Axis) -> &'static str {
    match axis {
        Axis::Compute => "Compute boundary",
        Axis::Residency => "Host sharing",
        Axis::FailureDomain => "Failure domain",
        Axis::ControlPlane => "Control plane",
    }
}

/// The one-line verdict: how to run it, and what it must survive.
pub fn verdict(recommendation: &Recommendation) -> String {
    format!(
        "Run it as {} · Spread across {}",
        recommendation.pattern.label().to_lowercase(),
        recommendation.scale.availability
    )
}

/// The figures of the first view, as drawings.
pub fn drawings(recommendation: Memo<Recommendation>) -> [Memo<Drawing>; 3] {
    [
        Memo::new(move |_| recommendation.with(|r| Drawing::from(&ruler::ruler(r)))),
        Memo::new(move |_| recommendation.with(|r| Drawing::from(&stack::stack(r)))),
        Memo::new(move |_| recommendation.with(|r| Drawing::from(&pattern::pattern(r.pattern)))),
    ]
}

/// The verdict that stays in view while answering (at the top of the result column on wide
/// screens, a bar at the bottom on phones), announced to screen readers when it changes.
#[component]
pub fn VerdictBar(recommendation: Memo<Recommendation>) -> impl IntoView {
    view! {
        <div class="verdict-bar" data-testid="verdict-bar">
            <p class="verdict-text" aria-live="polite" aria-atomic="true">
                {move || recommendation.with(verdict)}
            </p>
            <a class="verdict-jump" href="#result">"Details"</a>
        </div>
    }
}

/// The four level cards.
#[component]
pub fn Levels(recommendation: Memo<Recommendation>) -> impl IntoView {
    let cards = Axis::ALL.map(|axis| {
        let level = move || recommendation.with(|r| r.axes.get(axis).level);
        view! {
            <div class="level">
                <dt>{axis_title(axis)}</dt>
                <dd data-testid=testid(axis) data-level=move || level().id()>
                    <span class="level-name">{move || level().label()}</span>
                </dd>
            </div>
        }
    });
    let preferences = move || {
        recommendation.with(|r| {
            Axis::ALL
                .iter()
                .filter_map(|axis| {
                    let result = r.axes.get(*axis);
                    result.preference.clone().map(|text| {
                        view! {
                            <p class="preference">
                                <strong>{format!("Why {} and not its equally strong alternative: ", result.level.label())}</strong>
                                {answers::sentence_in_words(&text)}
                            </p>
                        }
                    })
                })
                .collect_view()
        })
    };
    view! {
        <dl class="levels">{cards}</dl>
        {preferences}
    }
}

/// Verdict, levels, ruler, stack diagram and pattern.
#[component]
pub fn Summary(recommendation: Memo<Recommendation>) -> impl IntoView {
    let [ruler, stack, picture] = drawings(recommendation);
    view! {
        <section class="card summary" id="result" tabindex="-1" aria-labelledby="summary-heading">
            <h2 id="summary-heading" class="verdict">{move || recommendation.with(verdict)}</h2>
            <Levels recommendation=recommendation />
            <div class="figures">
                <figure class="figure-box">
                    <figcaption>"The tenancy scale"</figcaption>
                    <FigureView figure=ruler testid="scale-ruler" class="ruler" />
                </figure>
                <figure class="figure-box">
                    <figcaption>"The recommended stack"</figcaption>
                    <FigureView figure=stack testid="stack-diagram" class="stack" />
                </figure>
            </div>
            <div
                class="pattern"
                data-testid="pattern"
                data-pattern=move || recommendation.with(|r| r.pattern.id())
            >
                <FigureView figure=picture testid="pattern-picture" class="pattern-figure" />
                <div>
                    <h3>"Pattern: " {move || recommendation.with(|r| r.pattern.label())}</h3>
                    <p>
                        {move || recommendation.with(|r| r.pattern_reason)} " "
                        {move || recommendation.with(|r| view! { <SourceLink source=r.pattern_source /> })}
                    </p>
                </div>
            </div>
        </section>
    }
}
