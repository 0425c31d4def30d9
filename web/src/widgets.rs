//! The few pieces of markup the panels share: a table in a scrolling region phones can reach by
//! keyboard, a labelled text box bound to a signal, a labelled whole-number field, a list of
//! warnings and a sentence whose `names` are code. Each is written once here, so its
//! accessibility attributes are too.

use leptos::prelude::*;

/// A table in a horizontally scrolling region, focusable and named (`label`) so keyboard and
/// screen-reader users can reach what is off-screen on a phone; `caption` repeats the name
/// above the table when it has no heading of its own.
#[component]
pub fn ScrollTable(
    label: &'static str,
    headers: &'static [&'static str],
    #[prop(optional)] class: &'static str,
    #[prop(optional)] caption: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label>
            <table class=class>
                {caption.then(|| view! { <caption>{label}</caption> })}
                <thead>
                    <tr>{headers.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// A labelled text box for pasted text (no spell checking), its value kept in `text` as typed.
#[component]
pub fn PasteBox(
    id: &'static str,
    label: &'static str,
    rows: u32,
    text: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <textarea
            id=id
            rows=rows
            spellcheck="false"
            prop:value=move || text.get()
            on:input=move |event| text.set(event_target_value(&event))
        ></textarea>
    }
}

/// A labelled field for a whole number from `min` (at most `max` when given), in a row.
#[component]
pub fn NumberRow(
    id: &'static str,
    label: &'static str,
    min: u32,
    #[prop(optional)] max: Option<u32>,
    #[prop(optional)] placeholder: &'static str,
    #[prop(into)] value: Signal<String>,
    on_input: impl FnMut(web_sys::Event) + 'static,
) -> impl IntoView {
    view! {
        <div class="estate-row">
            <label for=id>{label}</label>
            <input
                id=id
                type="number"
                inputmode="numeric"
                min=min
                max=max
                step="1"
                placeholder=placeholder
                prop:value=value
                on:input=on_input
            />
        </div>
    }
}

/// A sentence from the core as the reader should see it: the parts it quotes in backticks
/// (`` `datacenter` ``, a label, a command) as code, the rest as text.
pub fn sentence(text: String) -> impl IntoView {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = part.to_owned();
            if i % 2 == 1 {
                view! { <code>{part}</code> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}

/// Warnings as a list under a test id; nothing when there are none.
pub fn warning_list(testid: &'static str, warnings: Vec<String>) -> Option<impl IntoView> {
    (!warnings.is_empty()).then(|| {
        view! {
            <ul class="estate-warnings" data-testid=testid>
                {warnings.into_iter().map(|w| view! { <li>{sentence(w)}</li> }).collect_view()}
            </ul>
        }
    })
}
