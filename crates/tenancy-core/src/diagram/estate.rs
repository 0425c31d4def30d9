//! The placement drawn on its estate (the topology it runs on): data centers (under their
//! regions) as columns, racks as cabinets of host squares, PDUs and switches as bars under the
//! racks they serve, and each replica as a numbered, filled host.
//!
//! Large topologies are cut down to the racks that hold replicas, and the figure says so.
//! [`layout`] decides what goes where, [`drawing`] turns that into shapes, [`legend`] explains them.

mod drawing;
mod layout;
mod legend;

use super::{Figure, Shape};
use crate::topology::Topology;

const MAX_WIDTH: f32 = 760.0;
const RACK_WIDTH: f32 = 52.0;
const RACK_GAP: f32 = 8.0;
const HOST: f32 = 13.0;
const HOST_GAP: f32 = 4.0;
const HEADER: f32 = 34.0;
const RACK_HEADER: f32 = 16.0;
const BAR: f32 = 15.0;
const COLUMN_GAP: f32 = 18.0;
const ROW_GAP: f32 = 18.0;
/// Above this many hosts only the racks holding replicas are drawn.
pub const MAX_DRAWN_HOSTS: usize = 240;

/// The topology with the replicas on it; `replica_hosts[i]` is the host index of replica `i`.
pub fn estate(topology: &Topology, replica_hosts: &[usize]) -> Figure {
    let layout = layout::layout(topology, replica_hosts);
    let mut shapes = drawing::draw(&layout, topology, replica_hosts);
    let total_width = shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Rect { x, width, .. } => Some(x + width),
            _ => None,
        })
        .fold(0.0, f32::max)
        .max(200.0);
    let legend_y = layout.bottom + 20.0;
    shapes.extend(legend::legend(&layout, legend_y, topology.hosts.len()));
    let cut_note = if layout.cut {
        format!(
            " Only the racks that hold replicas are drawn: {} of {} hosts.",
            layout.drawn_hosts,
            topology.hosts.len()
        )
    } else {
        String::new()
    };
    let placed: Vec<String> = replica_hosts
        .iter()
        .enumerate()
        .filter_map(|(r, h)| {
            topology
                .hosts
                .get(*h)
                .map(|host| format!("replica {r} on {}", host.name))
        })
        .collect();
    Figure {
        width: total_width,
        height: legend_y + if layout.cut { 26.0 } else { 8.0 },
        title: format!(
            "Placement on {}",
            if topology.name.is_empty() {
                "the topology"
            } else {
                &topology.name
            }
        ),
        desc: format!(
            "{} data center columns with their racks and hosts; {}.{cut_note}",
            layout.columns.len(),
            if placed.is_empty() {
                "no replicas placed".to_owned()
            } else {
                placed.join(", ")
            }
        ),
        shapes,
    }
}
