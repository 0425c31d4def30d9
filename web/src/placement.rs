//! The placement panel: the request derived from the answers (editable), the placement drawn on
//! the topology, its availability and worst single failures — or the minimal conflict in words.

use leptos::prelude::*;
use tenancy_core::Request;
use tenancy_core::availability::Availability;
use tenancy_core::diagram::estate::estate as estate_figure;
use tenancy_core::link::{Link, RequestEdit};
use tenancy_core::plan::Plan;
use tenancy_core::report::plan::{availability_words, rate_rows};
use tenancy_core::request::{ANY_SCOPE, plural};

use crate::estate::{Estate, EstatePicker};
use crate::figure::FigureView;
use crate::source_link::SourceLink;

/// The request editor: the effective request as JSON; edits go into the link.
#[component]
fn RequestEditor(
    link: RwSignal<Link>,
    estate: RwSignal<Estate>,
    request: Memo<Result<Request, String>>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let shown = move || match request.get() {
        Ok(request) => request.to_json_string(),
        Err(_) => String::new(),
    };
    let edit = move |event: web_sys::Event| {
        let text = event_target_value(&event);
        let topology = estate.with_untracked(|e| e.topology.clone());
        match Request::from_json_str(&text, &topology) {
            Ok(edited) => link.update(|l| match l.apply_request(&edited, &topology) {
                Ok(()) => error.set(None),
                Err(warning) => error.set(Some(format!("The request was not used: {warning}."))),
            }),
            Err(message) => error.set(Some(format!("The request was not used: {message}."))),
        }
    };
    // The scope picker: the request's scope replaced, through the same path as a JSON edit.
    let rescope = move |event: web_sys::Event| {
        let chosen = event_target_value(&event);
        let topology = estate.with_untracked(|e| e.topology.clone());
        let Ok(current) = request.get_untracked() else {
            return;
        };
        match current.with_scope(&chosen, &topology) {
            Ok(edited) => link.update(|l| match l.apply_request(&edited, &topology) {
                Ok(()) => error.set(None),
                Err(warning) => error.set(Some(format!("The scope was not used: {warning}."))),
            }),
            Err(message) => error.set(Some(format!("The scope was not used: {message}."))),
        }
    };
    let scope_now = move || {
        request
            .get()
            .ok()
            .and_then(|r| r.scope)
            .unwrap_or_else(|| ANY_SCOPE.to_owned())
    };
    let scope_options = move || {
        let kinds = estate.with(|e| e.topology.kinds.clone());
        std::iter::once(ANY_SCOPE.to_owned())
            .chain(kinds)
            .map(|kind| {
                let label = if kind == ANY_SCOPE {
                    "anywhere".to_owned()
                } else {
                    format!("one {}", plural(&kind, 1))
                };
                let selected = kind == scope_now();
                view! { <option value=kind.clone() selected=selected>{label}</option> }
            })
            .collect_view()
    };
    let edited = move || link.with(|l| !l.request.is_empty());
    view! {
        <div class="request">
            <label for="request-json">
                "Placement request "
                <span class="muted">
                    {move || if edited() { "(edited by hand)" } else { "(derived from the answers)" }}
                </span>
            </label>
            <textarea id="request-json" rows="9" spellcheck="false" prop:value=shown on:change=edit></textarea>
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
                    disabled=move || !edited()
                    on:click=move |_| {
                        error.set(None);
                        link.update(|l| l.request = RequestEdit::default());
                    }
                >
                    "Derive from the answers again"
                </button>
            </div>
            {move || {
                let message = error.get().or_else(|| request.get().err().map(|e| format!("The request in this link was not used: {e}.")));
                message.map(|m| view! { <p class="inline-error" role="alert" data-testid="notice">{m}</p> })
            }}
        </div>
    }
}

/// The availability in the core's words (two figures, ranges, frequency, common-mode share,
/// meaning) and the worst-single-failure and rate tables.
fn availability_view(availability: &Availability) -> impl IntoView + use<> {
    let words = availability_words(availability);
    let rows = availability
        .worst_single_failure
        .iter()
        .map(|failure| {
            view! {
                <tr class=if failure.quorum_survives { "" } else { "quorum-lost" }>
                    <th scope="row">{failure.kind.clone()}</th>
                    <td>{failure.domain.clone().unwrap_or_else(|| "—".to_owned())}</td>
                    <td>{failure.replicas_down}</td>
                    <td>{failure.replicas_left}</td>
                    <td>{if failure.quorum_survives { "yes" } else { "no" }}</td>
                </tr>
            }
        })
        .collect_view();
    let rates = availability
        .rates
        .iter()
        .zip(rate_rows(availability))
        .map(|(rate, [kind, failures, repair, basis, _])| {
            let source = rate.source.map(|source| view! { <SourceLink source=source /> });
            view! {
                <tr>
                    <th scope="row">{kind}</th>
                    <td>{failures}</td>
                    <td>{repair}</td>
                    <td>{basis}</td>
                    <td>{source} {rate.note.map(|note| view! { <span class="muted small">{format!(" {note}")}</span> })}</td>
                </tr>
            }
        })
        .collect_view();
    let warnings = availability
        .warnings
        .iter()
        .map(|warning| view! { <li>{warning.clone()}</li> })
        .collect_view();
    view! {
        <p class="availability-summary" data-testid="p-quorum" data-value=availability.p_quorum.to_string()>
            <strong>{words.headline}</strong>
            "; "
            {words.downtime}
            "."
        </p>
        {words.frequency.map(|frequency| view! { <p class="small" data-testid="loss-frequency">{frequency} "."</p> })}
        <p class="small" data-testid="common-mode">{words.common_mode} "."</p>
        <p class="muted small">{words.meaning}</p>
        <ul class="small">{warnings}</ul>
        <div class="table-scroll">
            <table class="failures">
                <caption>"Worst single failure, per kind"</caption>
                <thead>
                    <tr>
                        <th scope="col">"kind"</th>
                        <th scope="col">"domain"</th>
                        <th scope="col">"replicas down"</th>
                        <th scope="col">"left"</th>
                        <th scope="col">"quorum survives"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <details class="rates">
            <summary>"Failure rates used"</summary>
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"kind"</th>
                            <th scope="col">"failures / year"</th>
                            <th scope="col">"repair (h)"</th>
                            <th scope="col">"basis"</th>
                            <th scope="col">"source"</th>
                        </tr>
                    </thead>
                    <tbody>{rates}</tbody>
                </table>
            </div>
        </details>
    }
}

/// Feasible: the estate drawing and the availability. Infeasible: the conflict in words.
fn outcome_view(plan: &Plan, request: &Request, estate: &Estate) -> AnyView {
    let placement = &plan.placement;
    if let Some(conflict) = &placement.conflict {
        let rules = conflict
            .rules
            .iter()
            .filter_map(|index| request.rules.get(*index).map(|rule| (index, rule)))
            .map(|(index, rule)| view! { <li><code>{format!("rules[{index}]")}</code> " " {rule.to_string()}</li> })
            .collect_view();
        let lead = if conflict.rules.is_empty() {
            "Even without rules there is no room:"
        } else {
            "These rules cannot all hold; dropping any one of them makes the request feasible:"
        };
        return view! {
            <div class="conflict">
                <p><strong>{lead}</strong></p>
                <ul>{rules}</ul>
                <p class="explanation" data-testid="conflict">{conflict.explanation.clone()}</p>
            </div>
        }
        .into_any();
    }
    let figure = estate_figure(&estate.topology, plan.replica_hosts());
    let availability = plan.availability.as_ref().map(availability_view);
    view! {
        <div class="estate-scroll">
            <FigureView figure=Signal::stored(figure) testid="placement-diagram" class="estate" />
        </div>
        {availability}
    }
    .into_any()
}

/// The whole placement panel.
#[component]
pub fn PlacementPanel(
    link: RwSignal<Link>,
    estate: RwSignal<Estate>,
    request: Memo<Result<Request, String>>,
    plan: Memo<Option<Plan>>,
) -> impl IntoView {
    let status = move || {
        plan.with(|plan| match plan {
            None => (
                "false",
                "No placement: the request is not valid.".to_owned(),
            ),
            Some(plan) if plan.placement.feasible => {
                let optimal = if plan.placement.optimal == Some(false) {
                    " (search budget reached: valid, not proven optimal)"
                } else {
                    ", optimal in blast radius"
                };
                let n = plan.placement.assignments.as_ref().map_or(0, Vec::len);
                ("true", format!("Placed {n} replicas{optimal}."))
            }
            Some(_) => ("false", "No placement satisfies every rule.".to_owned()),
        })
    };
    // A hand-edited request that cannot survive the failure the answers ask for says so.
    let survival = move || {
        let request = request.get().ok()?;
        let warning =
            link.with(|l| estate.with(|e| request.survival_warning(&l.answers, &e.topology)))?;
        Some(view! { <p class="notice" data-testid="survival-warning">{warning}</p> })
    };
    view! {
        <section class="card placement" aria-labelledby="placement-heading">
            <h2 id="placement-heading">"Where the copies go"</h2>
            <EstatePicker estate=estate />
            <div class="placement-grid">
                <RequestEditor link=link estate=estate request=request />
                <div class="placement-result">
                    <p
                        class="placement-status"
                        data-testid="placement-status"
                        data-feasible=move || status().0
                        role="status"
                    >
                        {move || status().1}
                    </p>
                    {survival}
                    {move || {
                        plan.with(|plan| {
                            let request = request.get();
                            match (plan, request) {
                                (Some(plan), Ok(request)) => {
                                    estate.with(|estate| Some(outcome_view(plan, &request, estate)))
                                }
                                _ => None,
                            }
                        })
                    }}
                </div>
            </div>
        </section>
    }
}
