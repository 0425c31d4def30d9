//! "What you will get" under the Kubernetes and Ceph exports: the worker's twin findings (rows,
//! sentences, a chart) for our configuration or a pasted manifest on the topology in use, the
//! manifest box, and the pool's placement-group count. Nothing is computed here.

use leptos::prelude::*;
use tenancy_web_worker::protocol::{MAX_PG_NUM, TwinSection, TwinView};

use crate::figure::FigureView;
use crate::files;
use crate::widgets::{NumberRow, PasteBox, sentence};
use crate::worker::Heavy;

/// The placement-group count the Ceph tab starts with.
const DEFAULT_PG_NUM: &str = "128";

fn section_view(index: usize, section: TwinSection) -> impl IntoView {
    let rows = section
        .rows
        .into_iter()
        .map(|row| {
            view! {
                <div>
                    <dt>{row.label}</dt>
                    <dd>{row.value}</dd>
                </div>
            }
        })
        .collect_view();
    let shortfall = section.shortfall.map(|text| {
        view! { <p class="twin-shortfall" data-testid="twin-shortfall">{text}</p> }
    });
    let fix = section.fix.map(|(change, yaml)| {
        view! {
            <p class="twin-fix" data-testid="twin-fix">{change}</p>
            <pre class="export-text" tabindex="0"><code>{yaml}</code></pre>
        }
    });
    let notes = (!section.notes.is_empty()).then(|| {
        view! {
            <ul class="twin-notes small">
                {section.notes.into_iter().map(|n| view! { <li>{sentence(n)}</li> }).collect_view()}
            </ul>
        }
    });
    let svg = section.chart_svg;
    let download = move |_| {
        files::download("tenancy-twin.svg", "image/svg+xml", &svg);
    };
    view! {
        <section class="twin-section" data-testid="twin-section">
            <h4>{section.heading}</h4>
            {shortfall}
            <dl class="twin-rows">{rows}</dl>
            <div class="twin-chart">
                <FigureView
                    figure=Signal::stored(section.chart)
                    testid=format!("twin-chart-{index}")
                    class="twin-figure"
                />
            </div>
            <button type="button" class="action" on:click=download>"Download chart SVG"</button>
            {fix}
            {notes}
        </section>
    }
}

fn findings(view: TwinView) -> impl IntoView {
    let error = view
        .error
        .map(|message| view! { <p class="inline-error" role="alert" data-testid="twin-error">{message}</p> });
    let hint = view
        .hint
        .map(|text| view! { <p class="example-note" data-testid="twin-hint">{text}</p> });
    view! {
        {error}
        {hint}
        {view.sections.into_iter().enumerate().map(|(i, s)| section_view(i, s)).collect_view()}
    }
}

/// The twin's findings for the chosen target (`k8s` or `crush`), asked again whenever the
/// placement is answered anew, the pasted manifest is audited or the pool's size changes.
#[component]
pub fn TwinPanel(heavy: Heavy, target: RwSignal<String>, query: Memo<String>) -> impl IntoView {
    let manifest = RwSignal::new(String::new());
    // The manifest under audit (`None`: our own export).
    let audited = RwSignal::new(None::<String>);
    let pg_text = RwSignal::new(DEFAULT_PG_NUM.to_owned());
    let pg_num = Memo::new(move |_| {
        pg_text
            .get()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_PG_NUM).contains(n))
    });
    let twinned = Memo::new(move |_| target.with(|t| t == "k8s" || t == "crush"));
    // A new placement answer follows every change of state, target or topology: ask then.
    Effect::new(move |_| {
        let shown = heavy.shown.with(|s| s.as_ref().map(|s| s.id));
        let audited = audited.get();
        let pg = pg_num.get();
        let target = target.get_untracked();
        if shown.is_some()
            && twinned.get_untracked()
            && let Some(pg) = pg
        {
            let manifest = if target == "k8s" { audited } else { None };
            heavy.twin(query.get_untracked(), &target, manifest, pg);
        }
    });
    let audit = move |_| {
        let text = manifest.get_untracked();
        audited.set((!text.trim().is_empty()).then_some(text));
    };
    let kubernetes = move || {
        (target.get() == "k8s").then(|| {
            view! {
                <details class="twin-paste">
                    <summary>"Audit your own manifest"</summary>
                    <p class="small muted">
                        "Paste a Deployment, StatefulSet or pod template (YAML or JSON, several documents allowed): kube-scheduler's twin places its replicas on the topology in use."
                    </p>
                    <PasteBox id="twin-manifest" label="Manifest" rows=6 text=manifest />
                    <div class="estate-row">
                        <button type="button" class="action" on:click=audit>"Audit this manifest"</button>
                        <button type="button" class="secondary" on:click=move |_| audited.set(None)>
                            "Back to our manifest"
                        </button>
                    </div>
                </details>
            }
        })
    };
    let ceph = move || {
        (target.get() == "crush").then(|| {
            view! {
                <NumberRow
                    id="twin-pg-num"
                    label="Placement groups (pg_num)"
                    min=1
                    max=MAX_PG_NUM
                    value=pg_text
                    on_input=move |event| pg_text.set(event_target_value(&event))
                />
                {move || {
                    pg_num
                        .get()
                        .is_none()
                        .then(|| {
                            view! {
                                <p class="inline-error" role="alert">
                                    "pg_num must be a whole number from 1 to 65536."
                                </p>
                            }
                        })
                }}
            }
        })
    };
    let heading = move || match (target.get().as_str(), audited.with(Option::is_some)) {
        ("crush", _) => "What you will get: our rule on your CRUSH map",
        (_, true) => "What your manifest gets on these nodes",
        _ => "What you will get: kube-scheduler's twin on our manifest",
    };
    move || {
        twinned.get().then(|| {
            view! {
                <div class="twin" data-testid="twin">
                    <h3>{heading}</h3>
                    {kubernetes}
                    {ceph}
                    <div
                        class="twin-findings"
                        data-testid="twin-findings"
                        class:stale=move || heavy.twin_stale()
                        aria-busy=move || heavy.twin_stale().to_string()
                    >
                        {move || heavy.twin.get().map(findings)}
                    </div>
                </div>
            }
        })
    }
}
