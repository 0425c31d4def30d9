//! The app in a real headless Chromium: mount it, change answers, check the test hooks (`data-testid`, `data-level`).
//! The placement panel's content comes from the worker: its answers are tested natively in
//! `web/worker` and on the page end to end.

use tenancy_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Event, EventInit, HtmlElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Sets the page's query, mounts a fresh app in its own container and returns the container.
fn mount_with_query(query: &str) -> HtmlElement {
    let window = web_sys::window().unwrap();
    let path = window.location().pathname().unwrap();
    let url = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .unwrap();
    let document = window.document().unwrap();
    let container: HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&container).unwrap();
    leptos::mount::mount_to(container.clone(), App).forget();
    container
}

fn attribute(container: &HtmlElement, testid: &str, name: &str) -> Option<String> {
    container
        .query_selector(&format!("[data-testid={testid}]"))
        .unwrap()
        .and_then(|element| element.get_attribute(name))
}

async fn choose(container: &HtmlElement, key: &str, option: &str) {
    let select: HtmlSelectElement = container
        .query_selector(&format!("#q-{key}"))
        .unwrap()
        .expect("the question is on the page")
        .dyn_into()
        .unwrap();
    select.set_value(option);
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict("change", &init).unwrap();
    select.dispatch_event(&event).unwrap();
    leptos::task::tick().await;
}

/// The address's query once the app has written it: it waits for the answers to rest
/// (`location::SETTLE_MS`) before writing.
async fn settled_search() -> String {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                tenancy_web::location::SETTLE_MS + 100,
            )
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
    web_sys::window().unwrap().location().search().unwrap()
}

#[wasm_bindgen_test]
async fn changing_who_shares_updates_the_levels_and_the_url() {
    let app = mount_with_query("");
    assert_eq!(
        attribute(&app, "level-compute", "data-level").as_deref(),
        Some("process")
    );
    choose(&app, "tenants", "partners").await;
    assert_eq!(
        attribute(&app, "level-compute", "data-level").as_deref(),
        Some("hardened-container")
    );
    assert_eq!(
        attribute(&app, "level-control-plane", "data-level").as_deref(),
        Some("namespace-per-tenant")
    );
    assert_eq!(settled_search().await, "?tenants=partners");
    app.remove();
}

#[wasm_bindgen_test]
async fn a_bad_query_shows_the_notice_and_keeps_the_default() {
    let app = mount_with_query("tenants=everyone");
    leptos::task::tick().await;
    let notice = app
        .query_selector("[data-testid=notice]")
        .unwrap()
        .expect("a notice");
    assert!(notice.text_content().unwrap().contains("`everyone`"));
    assert_eq!(
        attribute(&app, "level-compute", "data-level").as_deref(),
        Some("process")
    );
}

#[wasm_bindgen_test]
async fn the_diagram_boxes_match_the_stack() {
    for preset in tenancy_core::preset::PRESETS {
        let app = mount_with_query(&format!("preset={}", preset.id));
        leptos::task::tick().await;
        let expected = tenancy_core::recommend(&preset.answers());
        let boxes = app
            .query_selector_all("[data-testid=stack-diagram] rect.stack-box")
            .unwrap()
            .length();
        assert_eq!(boxes as usize, expected.stack.len(), "{}", preset.id);
        let boundary = app
            .query_selector_all("[data-testid=stack-diagram] rect.stack-boundary")
            .unwrap()
            .length();
        let expected_boundary = expected
            .stack
            .iter()
            .filter(|layer| layer.tenant_boundary)
            .count();
        assert_eq!(boundary as usize, expected_boundary, "{}", preset.id);
        let pattern = attribute(&app, "pattern", "data-pattern");
        assert_eq!(
            pattern.as_deref(),
            Some(expected.pattern.id()),
            "{}",
            preset.id
        );
        app.remove();
    }
}

#[wasm_bindgen_test]
async fn choosing_a_preset_sets_every_level() {
    let app = mount_with_query("");
    let select: HtmlSelectElement = app
        .query_selector("[data-testid=preset-select]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    select.set_value("public-cloud");
    let init = EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    leptos::task::tick().await;
    let expected = tenancy_core::recommend(
        &tenancy_core::preset::find("public-cloud")
            .unwrap()
            .answers(),
    );
    assert_eq!(
        attribute(&app, "level-compute", "data-level").as_deref(),
        Some(expected.axes.compute.level.id())
    );
    assert_eq!(
        attribute(&app, "level-control-plane", "data-level").as_deref(),
        Some(expected.axes.control_plane.level.id())
    );
    assert_eq!(settled_search().await, "?preset=public-cloud");
    app.remove();
}

/// Waits `ms` milliseconds (timers, then the tasks they start, run meanwhile).
async fn sleep(ms: i32) {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_first_view_announces_its_newest_state_once_per_burst_and_takes_edits() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use tenancy_web::bridge;

    let app = mount_with_query("tenants=single-team");
    sleep(20).await;
    let heard = Rc::new(RefCell::new(Vec::<String>::new()));
    let record = Rc::clone(&heard);
    bridge::listen(bridge::STATE, move |query| record.borrow_mut().push(query));
    let place = app
        .query_selector("#panels")
        .unwrap()
        .expect("a place for the panels");

    // Two answers in one burst: one announcement, of the newest state, which is the place's too.
    choose(&app, "tenants", "anonymous").await;
    choose(&app, "survive", "region").await;
    sleep(20).await;
    let newest = place.get_attribute("data-query").unwrap();
    assert!(newest.contains("survive=region"), "{newest}");
    assert_eq!(*heard.borrow(), std::slice::from_ref(&newest));

    // An edit from the panels comes back as the first view's state.
    bridge::announce(bridge::EDIT, format!("{newest}&replicas=5"));
    sleep(20).await;
    let edited = place.get_attribute("data-query").unwrap();
    assert!(edited.contains("replicas=5"), "{edited}");
    assert_eq!(heard.borrow().last(), Some(&edited));
}
