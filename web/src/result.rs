//! The live result: the level on each axis (with the stable `data-testid` hooks) and the reasons.

use leptos::prelude::*;
use tenancy_core::Recommendation;
use tenancy_core::rung::Axis;

fn testid(axis: Axis) -> &'static str {
    match axis {
        Axis::Compute => "level-compute",
        Axis::Residency => "level-residency",
        Axis::FailureDomain => "level-failure-domain",
        Axis::ControlPlane => "level-control-plane",
    }
}

fn title(axis: Axis) -> &'static str {
    match axis {
        Axis::Compute => "Compute boundary",
        Axis::Residency => "Residency",
        Axis::FailureDomain => "Failure domain",
        Axis::ControlPlane => "Control plane",
    }
}

/// The four levels and the reasons behind them, recomputed on every change.
#[component]
pub fn ResultPanel(recommendation: Memo<Recommendation>) -> impl IntoView {
    let levels = Axis::ALL.map(|axis| {
        let level = move || recommendation.with(|r| r.axes.get(axis).level);
        view! {
            <div class="level">
                <dt>{title(axis)}</dt>
                <dd data-testid=testid(axis) data-level=move || level().id()>
                    {move || level().label()}
                </dd>
            </div>
        }
    });
    let reasons = move || {
        recommendation.with(|r| {
            Axis::ALL
                .iter()
                .flat_map(|axis| r.axes.get(*axis).floors.clone())
                .map(|floor| {
                    view! {
                        <li>
                            <strong>{format!("{} ≥ {}", floor.rung.axis.key(), floor.rung.id())}</strong>
                            " because " <code>{floor.because}</code> ": " {floor.reason} " "
                            <a href=floor.source.url rel="noopener noreferrer">{floor.source.title}</a>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="result" aria-label="Recommendation">
            <p class="verdict">
                "Isolation: " <strong>{move || recommendation.with(|r| r.scale.isolation)}</strong>
            </p>
            <dl class="levels">{levels}</dl>
            <h2>"Why"</h2>
            <ul class="reasons" data-testid="reasons">{reasons}</ul>
        </section>
    }
}
