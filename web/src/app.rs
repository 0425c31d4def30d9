//! The page: the questionnaire on one side, the live result on the other.

use leptos::prelude::*;
use tenancy_core::answers::{Answers, Group, QUESTIONS, Warning};
use tenancy_core::recommend;

use crate::location;
use crate::question::QuestionField;
use crate::result::ResultPanel;

/// The whole app, state read from and written to the URL.
#[component]
pub fn App() -> impl IntoView {
    let (initial, warnings) = Answers::from_query(&location::query());
    let answers = RwSignal::new(initial);
    let notice = RwSignal::new(notice_text(&warnings));
    let recommendation = Memo::new(move |_| answers.with(recommend));

    Effect::new(move |_| answers.with(|answers| location::replace_query(&answers.to_query())));

    let on_answer = move |key: &'static str, value: String| {
        answers.update(|answers| {
            if let Err(warning) = answers.set(key, &value) {
                notice.set(Some(warning.message));
            }
        });
    };

    view! {
        <header class="masthead">
            <h1>"Tenancy Scale"</h1>
            <p class="tagline">"How much isolation is enough — and where the copies go."</p>
        </header>
        {move || {
            notice
                .get()
                .map(|text| {
                    view! {
                        <p class="notice" role="status" data-testid="notice">
                            {text}
                        </p>
                    }
                })
        }}
        <main class="layout">
            <form class="questionnaire" aria-label="Questionnaire">
                {Group::ALL
                    .iter()
                    .map(|group| {
                        view! {
                            <fieldset class="group">
                                <legend>{group.title()}</legend>
                                {QUESTIONS
                                    .iter()
                                    .filter(|question| question.group == *group)
                                    .map(|question| {
                                        view! {
                                            <QuestionField
                                                question=question
                                                answers=answers
                                                on_answer=on_answer
                                            />
                                        }
                                    })
                                    .collect_view()}
                            </fieldset>
                        }
                    })
                    .collect_view()}
            </form>
            <ResultPanel recommendation=recommendation />
        </main>
    }
}

fn notice_text(warnings: &[Warning]) -> Option<String> {
    if warnings.is_empty() {
        return None;
    }
    let messages: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    Some(format!(
        "Part of this link was not understood and the default was used: {}.",
        messages.join("; ")
    ))
}
