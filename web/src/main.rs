//! The browser entry point: mounts the app on the page's `<body>`.

fn main() {
    leptos::mount::mount_to_body(tenancy_web::App);
}
