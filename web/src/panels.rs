//! The second half of the page, loaded after the first view: the recommendation's details
//! (reasons, neighbours, warnings, controls) in the results column, and placement, topologies,
//! exports, twins and sharing, over the worker, below. It keeps its own copy of the page's state, read from the
//! place the first view leaves for it (`data-query`) when it starts and from the first view's
//! announcements after that; the request edits made here go back to the first view, which owns
//! the address.

use leptos::mount::mount_to;
use leptos::prelude::*;
use tenancy_core::link::Link;
use tenancy_core::recommend;

use crate::bridge;
use crate::details::{Caveats, Neighbours, Reasons};
use crate::exports::ExportPanel;
use crate::placement::PlacementPanel;
use crate::share::SharePanel;
use crate::worker::Heavy;

/// The id of the element the first view leaves for the panels.
pub const HOST_ID: &str = "panels";
/// The id of the element the first view leaves for the details, in its results column.
pub const DETAILS_ID: &str = "details";

/// Placement, exports and sharing for the state the first view announces.
#[component]
pub fn Panels(
    /// The first view's state when the panels start.
    initial: String,
    /// Where the details go.
    details: web_sys::HtmlElement,
) -> impl IntoView {
    let (initial, _) = Link::from_query(&initial);
    let link = RwSignal::new(initial);
    let answers = Memo::new(move |_| link.with(|l| l.answers.clone()));
    let recommendation = Memo::new(move |_| answers.with(recommend));
    let query = Memo::new(move |_| link.with(Link::to_query));
    // The newest query the first view announced: an edit is what differs from it.
    let announced = StoredValue::new(query.get_untracked());

    bridge::listen(bridge::STATE, move |state| {
        announced.set_value(state.clone());
        if query.get_untracked() != state {
            link.set(Link::from_query(&state).0);
        }
    });
    Effect::new(move |_| {
        let state = query.get();
        if announced.with_value(|a| *a != state) {
            announced.set_value(state.clone());
            bridge::announce(bridge::EDIT, state);
        }
    });

    let heavy = Heavy::new();
    heavy.start();
    let target = RwSignal::new(String::new());
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

    details.set_inner_html("");
    // The attribute is ours to drop: the place is no longer waiting.
    let _ = details.remove_attribute("aria-busy");
    mount_to(details, move || {
        view! {
            <Reasons recommendation=recommendation />
            <Neighbours recommendation=recommendation />
            <Caveats recommendation=recommendation />
        }
    })
    .forget();

    view! {
        <PlacementPanel link=link heavy=heavy />
        <ExportPanel heavy=heavy target=target answers=answers query=query />
        <SharePanel link=link recommendation=recommendation heavy=heavy />
    }
}

/// Mounts the details and the panels in the first view's places for them, replacing what they
/// say meanwhile; a page without those places (the embed card) gets none.
pub fn mount() {
    let element = |id: &str| {
        web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.get_element_by_id(id))
    };
    let (Some(host), Some(details)) = (element(HOST_ID), element(DETAILS_ID)) else {
        return;
    };
    let details: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(details);
    let initial = host.get_attribute("data-query").unwrap_or_default();
    host.set_inner_html("");
    // The attribute is ours to drop: the host is no longer waiting.
    let _ = host.remove_attribute("aria-busy");
    mount_to(wasm_bindgen::JsCast::unchecked_into(host), move || {
        view! { <Panels initial=initial details=details /> }
    })
    .forget();
}
