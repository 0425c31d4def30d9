//! One question of the questionnaire as a labelled native `<select>`.

use leptos::prelude::*;
use tenancy_core::answers::{Answers, QUESTIONS};

/// A labelled select for one choice question; reports every change through `on_answer`.
#[component]
pub fn QuestionField(
    key: &'static str,
    answers: RwSignal<Answers>,
    on_answer: impl Fn(&'static str, String) + Copy + 'static,
) -> impl IntoView {
    let question = QUESTIONS
        .iter()
        .find(|q| q.key == key)
        .expect("a key from the question table");
    let id = format!("q-{key}");
    let selected = move || answers.with(|answers| answers.choice(key));
    view! {
        <div class="question">
            <label for=id.clone()>{question.text}</label>
            <select
                id=id
                name=key
                on:change=move |event| on_answer(key, event_target_value(&event))
                prop:value=selected
            >
                {question
                    .options()
                    .iter()
                    .map(|option| {
                        view! {
                            <option value=*option selected=move || selected() == *option>
                                {*option}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
