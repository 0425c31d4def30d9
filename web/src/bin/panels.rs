//! The panels' entry point, loaded by `web/loader.js` once the first view is on screen.

fn main() {
    tenancy_web::panels::mount();
}
