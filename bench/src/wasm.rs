//! The wasm side of the wasm-vs-native comparisons: Node loads an instance once (parse or
//! generation outside the timing), then times `solve` (the placement solver), `kube_schedule`
//! (the kube-scheduler twin) or `crush_twin` (the CRUSH twin) with `performance.now()`.

use std::cell::RefCell;

use tenancy_core::crush::{self, CrushMap};
use tenancy_core::kube::Cluster;
use tenancy_core::place;
use tenancy_core::request::Request;
use tenancy_core::topology::Topology;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    static LOADED: RefCell<Vec<(Topology, Request)>> = const { RefCell::new(Vec::new()) };
    static CLUSTERS: RefCell<Vec<Cluster>> = const { RefCell::new(Vec::new()) };
    static MAPS: RefCell<Vec<(CrushMap, Vec<u32>)>> = const { RefCell::new(Vec::new()) };
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

/// Generates the twin instance with this many nodes (see [`crate::kube::kube_instances`]) and
/// keeps its cluster; returns the id `kube_schedule` takes.
#[wasm_bindgen]
pub fn kube_load(nodes: u32) -> Result<u32, String> {
    let instance = crate::kube::kube_instances()
        .into_iter()
        .find(|i| i.nodes == nodes as usize)
        .ok_or_else(|| format!("no twin instance with {nodes} nodes"))?;
    CLUSTERS.with_borrow_mut(|clusters| {
        clusters.push(instance.cluster());
        u32::try_from(clusters.len() - 1).map_err(|e| e.to_string())
    })
}

/// Schedules `replicas` pods from zero on a loaded cluster (left as it was); the outcome line of
/// [`crate::kube::kube_schedule`].
#[wasm_bindgen]
pub fn kube_schedule(id: u32, replicas: u32) -> String {
    CLUSTERS.with_borrow_mut(|clusters| {
        crate::kube::kube_schedule(&mut clusters[id as usize], replicas)
    })
}

/// Reads a CRUSH map (the text `crushtool -d` writes) and keeps it with its default device
/// weights; returns the id `crush_twin` takes.
#[wasm_bindgen]
pub fn crush_load(text: &str) -> Result<u32, String> {
    let map = crush::read(text)?;
    let weights = map.default_weights();
    MAPS.with_borrow_mut(|maps| {
        maps.push((map, weights));
        u32::try_from(maps.len() - 1).map_err(|e| e.to_string())
    })
}

/// Maps inputs `0..inputs` through rule 0 of a loaded map, `num_rep` replicas each (the pass the
/// native harness times, [`crate::crush_twin_pass`]); returns the last mapping in
/// `crushtool --show-mappings`'s format.
#[wasm_bindgen]
pub fn crush_twin(id: u32, num_rep: u32, inputs: u32) -> String {
    MAPS.with_borrow(|maps| {
        let (map, weights) = &maps[id as usize];
        let mut last = String::new();
        crate::crush_twin_pass(map, weights, num_rep, inputs, |x, osds| {
            if x + 1 == inputs {
                last = format!("CRUSH rule 0 x {x} {}", crush::format_mapping(osds));
            }
        });
        last
    })
}
