//! The placement panel: the request derived from the answers (editable as typed, with quorum and
//! scope fields), a warning when a request falls short of what the answers ask to survive, the
//! placement drawn on the estate, its availability in words and worst single failures — or the
//! minimal conflict in words. Everything shown here was computed by the worker.

use leptos::prelude::*;
use tenancy_core::link::{Link, RequestEdit};
use tenancy_web_worker::protocol::{AvailabilityView, ConflictView, Shown};

use crate::estate::EstatePicker;
use crate::figure::FigureView;
use crate::widgets::{NumberRow, ScrollTable, warning_list};
use crate::worker::Heavy;

/// The request editor: the effective request as JSON, applied as typed; the quorum and the scope.
#[component]
fn RequestEditor(link: RwSignal<Link>, heavy: Heavy) -> impl IntoView {
    // What the user typed, shown instead of the worker's request until the editor loses focus.
    let draft = RwSignal::new(None::<String>);
    let shown = move || {
        draft.get().unwrap_or_else(|| {
            heavy
                .shown
                .with(|s| s.as_ref().and_then(|s| s.request.clone()))
                .unwrap_or_default()
        })
    };
    let edit = move |event: web_sys::Event| {
        let text = event_target_value(&event);
        draft.set(Some(text.clone()));
        heavy.edit_request(link.with_untracked(Link::to_query), text);
    };
    let settle = move |_| {
        if heavy.request_error.with_untracked(Option::is_none) {
            draft.set(None);
        }
    };
    // The scope picker: the worker replaces the request's scope, as it takes a JSON edit.
    let rescope = move |event: web_sys::Event| {
        draft.set(None);
        heavy.rescope(
            link.with_untracked(Link::to_query),
            event_target_value(&event),
        );
    };
    let scope_now = move || {
        heavy
            .shown
            .with(|s| s.as_ref().map(|s| s.scope.clone()))
            .unwrap_or_default()
    };
    let scope_options = move || {
        heavy.shown.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.scopes
                        .iter()
                        .map(|option| {
                            let selected = option.value == s.scope;
                            view! {
                                <option value=option.value.clone() selected=selected>{option.label.clone()}</option>
                            }
                        })
                        .collect_view()
                })
        })
    };
    let edited = move || link.with(|l| !l.request.is_empty());
    let quorum = move || {
        link.with(|l| l.request.quorum.map(|q| q.to_string()))
            .unwrap_or_default()
    };
    let quorum_error = RwSignal::new(None::<String>);
    let set_quorum = move |event: web_sys::Event| {
        let text = event_target_value(&event);
        match text.trim() {
            "" => {
                quorum_error.set(None);
                link.update(|l| l.request.quorum = None);
            }
            number => match number.parse::<u32>() {
                Ok(q) if q >= 1 => {
                    quorum_error.set(None);
                    link.update(|l| l.request.quorum = Some(q));
                }
                _ => quorum_error.set(Some(format!(
                    "Quorum: `{number}` is not a whole number of replicas of 1 or more; the majority is used."
                ))),
            },
        }
    };
    view! {
        <div class="request">
            <label for="request-json">
                "Placement request "
                <span class="muted">
                    {move || if edited() { "(edited by hand)" } else { "(derived from the answers)" }}
                </span>
            </label>
            <textarea
                id="request-json"
                rows="9"
                spellcheck="false"
                aria-describedby="request-hint"
                prop:value=shown
                on:input=edit
                on:blur=settle
            ></textarea>
            <p class="hint" id="request-hint">
                "Edits apply as you type and are kept in the share link. "
                "Replicas, rules (per failure-domain kind: max_per_domain, min_domains, max_skew), quorum, scope and select."
            </p>
            <NumberRow
                id="quorum"
                label="Quorum (replicas that must be up)"
                min=1
                placeholder="majority"
                value=Signal::derive(quorum)
                on_input=set_quorum
            />
            <div class="estate-row">
                <label for="request-scope">"Keep every replica in "</label>
                <select id="request-scope" data-testid="request-scope" prop:value=scope_now on:change=rescope>
                    {scope_options}
                </select>
            </div>
            <div class="estate-row">
                <button
                    type="button"
                    class="secondary"
                    aria-disabled=move || (!edited()).to_string()
                    title=move || (!edited()).then_some("Nothing was edited: the request already follows the answers.")
                    on:click=move |_| {
                        draft.set(None);
                        heavy.request_error.set(None);
                        quorum_error.set(None);
                        link.update(|l| l.request = RequestEdit::default());
                    }
                >
                    "Derive from the answers again"
                </button>
            </div>
            {move || {
                let message = heavy
                    .request_error
                    .get()
                    .or_else(|| quorum_error.get())
                    .or_else(|| {
                        heavy
                            .shown
                            .with(|s| s.as_ref().and_then(|s| s.request_error.clone()))
                            .map(|e| format!("The request in this link was not used: {e}."))
                    });
                message.map(|m| view! { <p class="inline-error" role="alert" data-testid="notice">{m}</p> })
            }}
        </div>
    }
}

/// The availability in the core's words (two figures with ranges, loss frequency, common-mode
/// share, meaning) and the worst-single-failure and rate tables.
fn availability_view(availability: AvailabilityView) -> impl IntoView {
    let rows = availability
        .failures
        .into_iter()
        .map(|failure| {
            view! {
                <tr class=if failure.survives { "" } else { "quorum-lost" }>
                    <td class="answer">{if failure.survives { "yes" } else { "no" }}</td>
                    <th scope="row">{failure.kind}</th>
                    <td>{failure.domain}</td>
                    <td>{failure.down}</td>
                    <td>{failure.left}</td>
                </tr>
            }
        })
        .collect_view();
    let rates = availability
        .rates
        .into_iter()
        .map(|rate| {
            let source = rate.source.map(|source| {
                view! {
                    <a class="source" href=source.url rel="noopener noreferrer" target="_blank">{source.title}</a>
                    {source.as_of.map(|month| view! { <span class="as-of">{format!(" (as of {month})")}</span> })}
                }
            });
            view! {
                <tr>
                    <th scope="row">{rate.kind}</th>
                    <td>{rate.failures_per_year}</td>
                    <td>{rate.mttr_hours}</td>
                    <td>{rate.basis}</td>
                    <td>{source} {rate.note.map(|note| view! { <span class="muted small">{format!(" {note}")}</span> })}</td>
                </tr>
            }
        })
        .collect_view();
    let warnings = warning_list("availability-warnings", availability.warnings);
    view! {
        <p class="availability-summary" data-testid="p-quorum" data-value=availability.p_quorum.to_string()>
            <strong data-testid="nines">{availability.headline}</strong>
            "; "
            <span data-testid="downtime">{availability.downtime}</span>
            "."
        </p>
        {availability.frequency.map(|frequency| view! { <p class="small" data-testid="loss-frequency">{frequency} "."</p> })}
        <p class="small" data-testid="common-mode">{availability.common_mode} "."</p>
        <p class="muted small">{availability.meaning}</p>
        {warnings}
        <ScrollTable
            label="Worst single failure, per kind"
            caption=true
            class="failures"
            headers=&["quorum survives", "kind", "domain", "replicas down", "left"]
        >
            {rows}
        </ScrollTable>
        <details class="rates">
            <summary>"Failure rates used"</summary>
            <ScrollTable
                label="Failure rates used"
                headers=&["kind", "failures / year", "repair (h)", "basis", "source"]
            >
                {rates}
            </ScrollTable>
        </details>
    }
}

fn conflict_view(conflict: ConflictView) -> impl IntoView {
    view! {
        <div class="conflict">
            <p><strong>{conflict.lead}</strong></p>
            <ul>{conflict.rules.into_iter().map(|rule| view! { <li><code>{rule}</code></li> }).collect_view()}</ul>
            <p class="explanation" data-testid="conflict">{conflict.explanation}</p>
        </div>
    }
}

/// Feasible: the drawing and the availability. Infeasible: the conflict in words.
fn outcome_view(shown: Shown) -> AnyView {
    if let Some(conflict) = shown.conflict {
        return conflict_view(conflict).into_any();
    }
    let drawing = shown.drawing.map(|drawing| {
        view! {
            <div class="estate-scroll" tabindex="0" role="region" aria-label="The placement drawn on the estate">
                <FigureView figure=Signal::stored(drawing) testid="placement-diagram" class="estate" />
            </div>
        }
    });
    view! {
        {drawing}
        {shown.availability.map(availability_view)}
    }
    .into_any()
}

/// The whole placement panel.
#[component]
pub fn PlacementPanel(link: RwSignal<Link>, heavy: Heavy) -> impl IntoView {
    let feasible = move || {
        heavy
            .shown
            .with(|s| match s.as_ref().and_then(|s| s.feasible) {
                Some(true) => "true",
                Some(false) => "false",
                None => "",
            })
    };
    let status = move || {
        if let Some(failed) = heavy.failed.get() {
            return failed;
        }
        heavy
            .shown
            .with(|s| s.as_ref().map(|s| s.status.clone()))
            .unwrap_or_else(|| "Placing the replicas…".to_owned())
    };
    view! {
        <section class="card placement" aria-labelledby="placement-heading">
            <h2 id="placement-heading">"Where the copies go"</h2>
            <EstatePicker heavy=heavy />
            <div class="placement-grid">
                <RequestEditor link=link heavy=heavy />
                <div class="placement-result" data-testid="placement-result" class:stale=move || heavy.stale() aria-busy=move || heavy.stale().to_string()>
                    <p class="placement-status" data-testid="placement-status" data-feasible=feasible role="status">
                        {status}
                    </p>
                    {move || {
                        heavy
                            .shown
                            .with(|s| s.as_ref().and_then(|s| s.survival.clone()))
                            .map(|warning| view! { <p class="notice" data-testid="survival-warning">{warning}</p> })
                    }}
                    {move || heavy.shown.get().map(outcome_view)}
                </div>
            </div>
        </section>
    }
}
