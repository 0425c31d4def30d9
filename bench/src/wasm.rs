//! The wasm side of the wasm-vs-native comparison: Node loads an instance once (parse outside the
//! timing), then times `solve` with `performance.now()`.

use std::cell::RefCell;

use tenancy_core::place;
use tenancy_core::request::Request;
use tenancy_core::topology::Topology;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    static LOADED: RefCell<Vec<(Topology, Request)>> = const { RefCell::new(Vec::new()) };
}

/// Parses a topology and a request and keeps them; returns the id `solve` takes.
#[wasm_bindgen]
pub fn load(topology_json: &str, request_json: &str) -> Result<u32, String> {
    let topology = serde_json::from_str::<Topology>(topology_json).map_err(|e| e.to_string())?;
    topology.validate().map_err(|e| e.to_string())?;
    let request = Request::from_json_str(request_json, &topology).map_err(|e| e.to_string())?;
    LOADED.with_borrow_mut(|loaded| {
        loaded.push((topology, request));
        u32::try_from(loaded.len() - 1).map_err(|e| e.to_string())
    })
}

/// Places a loaded instance and returns its outcome line (see [`crate::outcome`]).
#[wasm_bindgen]
pub fn solve(id: u32) -> String {
    LOADED.with_borrow(|loaded| {
        let (topology, request) = &loaded[id as usize];
        crate::outcome(&place(topology, request), topology)
    })
}
