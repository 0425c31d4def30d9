//! The questionnaire: every question of the core's table in its group, in the core's order.

use leptos::prelude::*;
use tenancy_core::answers::{Answers, Group, QUESTIONS};

use crate::question::QuestionField;

/// All groups of questions as fieldsets; changes go through `on_answer`.
#[component]
pub fn Questionnaire(
    answers: Memo<Answers>,
    on_answer: impl Fn(&'static str, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <form class="card questionnaire" aria-label="Questionnaire" on:submit=|event| event.prevent_default()>
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
                                    view! { <QuestionField question=question answers=answers on_answer=on_answer /> }
                                })
                                .collect_view()}
                        </fieldset>
                    }
                })
                .collect_view()}
        </form>
    }
}
