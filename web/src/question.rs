//! One question of the questionnaire as a native, labelled form control with its "why we ask".
//!
//! Choice questions are `<select>`s, the set question (`regimes`) is a group of checkboxes, and
//! the number question (`replicas`) a number input. Every change is reported in the textual form
//! the URL uses, so the core parses it exactly as it parses a link.

use leptos::prelude::*;
use tenancy_core::answers::{Answers, Question, QuestionKind, Value, option_label};

use crate::source_link::SourceLink;

/// The "why we ask" line under a question.
#[component]
fn Why(question: &'static Question, id: String) -> impl IntoView {
    view! {
        <p class="why" id=id>
            {question.why}
            " "
            <SourceLink source=question.cited() />
        </p>
    }
}

/// The form control for one question; reports every change through `on_answer`.
#[component]
pub fn QuestionField(
    question: &'static Question,
    answers: Memo<Answers>,
    on_answer: impl Fn(&'static str, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let key = question.key;
    let id = format!("q-{key}");
    let why_id = format!("why-{key}");
    match question.kind {
        QuestionKind::Choice { options, .. } => {
            // This question's answer alone: a change elsewhere re-runs none of its options.
            let selected =
                Memo::new(move |_| answers.with(|answers| answers.choice(key).to_owned()));
            view! {
                <div class="question">
                    <label for=id.clone()>{question.text}</label>
                    <select
                        id=id
                        name=key
                        aria-describedby=why_id.clone()
                        on:change=move |event| on_answer(key, event_target_value(&event))
                        prop:value=move || selected.get()
                    >
                        {options
                            .iter()
                            .map(|option| {
                                view! {
                                    <option value=*option selected=move || selected.with(|selected| selected.as_str() == *option)>
                                        {option_label(key, option)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <Why question=question id=why_id />
                </div>
            }
            .into_any()
        }
        QuestionKind::Set { options } => {
            let described_by = why_id.clone();
            let chosen = move || match answers.with_untracked(|answers| answers.get(key).cloned()) {
                Some(Value::Set(set)) => set,
                _ => Default::default(),
            };
            // This question's answer alone, as the link writes it: a change elsewhere re-runs
            // none of its boxes.
            let ticked =
                Memo::new(
                    move |_| match answers.with(|answers| answers.get(key).cloned()) {
                        Some(Value::Set(set)) => set.into_iter().collect::<Vec<_>>().join(","),
                        _ => String::new(),
                    },
                );
            view! {
                <fieldset class="question question-set" id=id aria-describedby=described_by>
                    <legend>{question.text}</legend>
                    <div class="checks">
                        {options
                            .iter()
                            .map(|option| {
                                let option: &'static str = option;
                                let toggle = move |event| {
                                    let mut set = chosen();
                                    if event_target_checked(&event) {
                                        set.insert(option);
                                    } else {
                                        set.remove(option);
                                    }
                                    let text: Vec<&str> = set.into_iter().collect();
                                    on_answer(key, text.join(","));
                                };
                                view! {
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            name=key
                                            value=option
                                            prop:checked=move || ticked.with(|ticked| ticked.split(',').any(|t| t == option))
                                            on:change=toggle
                                        />
                                        {option_label(key, option)}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                    <Why question=question id=why_id />
                </fieldset>
            }
            .into_any()
        }
        QuestionKind::Number { min, max, .. } => {
            // This question's answer alone: a change elsewhere leaves the field untouched.
            let value = Memo::new(move |_| answers.with(|answers| answers.number(key)).to_string());
            view! {
                <div class="question">
                    <label for=id.clone()>{question.text}</label>
                    <input
                        id=id
                        name=key
                        type="number"
                        inputmode="numeric"
                        min=min
                        max=max
                        step="1"
                        aria-describedby=why_id.clone()
                        prop:value=move || value.get()
                        on:change=move |event| on_answer(key, event_target_value(&event))
                    />
                    <Why question=question id=why_id />
                </div>
            }
            .into_any()
        }
    }
}
