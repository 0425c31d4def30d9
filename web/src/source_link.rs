//! A citation as a link: title, and the month it was checked for date-sensitive sources.

use leptos::prelude::*;
use tenancy_core::source::Source;

/// The source's title as an outbound link, with "as of" when it is date-sensitive.
#[component]
pub fn SourceLink(source: Source) -> impl IntoView {
    view! {
        <a class="source" href=source.url rel="noopener noreferrer" target="_blank">
            {source.title}
        </a>
        {source.as_of.map(|month| view! { <span class="as-of">{format!(" (as of {month})")}</span> })}
    }
}
