//! The preset picker: nine worked examples, each a complete answer set with its story.

use leptos::prelude::*;
use tenancy_core::link::Link;
use tenancy_core::preset::{self, PRESETS};

/// A select of the presets, or "your own answers".
#[component]
pub fn PresetPicker(link: RwSignal<Link>) -> impl IntoView {
    let chosen = move || link.with(|l| l.preset.map_or("", |p| p.id));
    let on_change = move |event| {
        let id = event_target_value(&event);
        match preset::find(&id) {
            Some(found) => link.set(Link::of_preset(found)),
            None => link.update(|l| l.preset = None),
        }
    };
    view! {
        <div class="presets">
            <label for="preset">"Start from an example"</label>
            <select id="preset" data-testid="preset-select" prop:value=chosen on:change=on_change>
                <option value="" selected=move || chosen().is_empty()>"Your own answers"</option>
                {PRESETS
                    .iter()
                    .map(|p| view! { <option value=p.id selected=move || chosen() == p.id>{p.title}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The chosen preset's story, under the masthead (nothing when the answers are the user's own).
#[component]
pub fn PresetStory(link: RwSignal<Link>) -> impl IntoView {
    move || {
        link.with(|l| {
            l.preset.map(|p| {
                view! {
                    <p class="story">
                        <strong>{format!("{}: ", p.title)}</strong>
                        {p.story}
                    </p>
                }
            })
        })
    }
}
