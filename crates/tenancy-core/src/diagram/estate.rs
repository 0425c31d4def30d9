//! The placement drawn on its topology: data centers (under their regions) as columns, racks as
//! cabinets of host squares, PDUs and switches as bars under the racks they serve, and each
//! replica as a numbered, filled host.
//!
//! Large topologies are cut down to the racks that hold replicas, and the figure says so.

use std::collections::BTreeMap;

use super::{Anchor, Figure, Shape, text_width};
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

/// One rack (or one group of hosts without a rack) in drawing order.
struct Cabinet<'a> {
    name: &'a str,
    hosts: Vec<usize>,
}

/// One column: a data center (or region, or the whole estate).
struct Column<'a> {
    title: String,
    /// The column's own domain name, which rack, PDU and switch names often repeat as a prefix.
    prefix: String,
    cabinets: Vec<Cabinet<'a>>,
}

/// `fra1-tor-2-3` in column `fra1` reads as `tor-2-3`: the column already says where it is.
fn local<'a>(name: &'a str, prefix: &str) -> &'a str {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix(['-', '.', '_']))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(name)
}

fn columns<'a>(topology: &'a Topology, drawn: &dyn Fn(usize) -> bool) -> Vec<Column<'a>> {
    let has = |kind: &str| topology.kinds.iter().any(|k| k == kind);
    let column_kind = ["datacenter", "region"].into_iter().find(|k| has(k));
    let cabinet_kind = has("rack").then_some("rack");
    let mut columns: Vec<Column<'a>> = Vec::new();
    for (index, host) in topology.hosts.iter().enumerate() {
        if !drawn(index) {
            continue;
        }
        let column = column_kind
            .and_then(|k| host.domains.get(k))
            .map_or("—", String::as_str);
        let region = host.domains.get("region").map(String::as_str);
        let title = match (column_kind, region) {
            (Some("datacenter"), Some(region)) => format!("{region} · {column}"),
            _ => column.to_owned(),
        };
        let cabinet = cabinet_kind
            .and_then(|k| host.domains.get(k))
            .map_or("hosts", String::as_str);
        let position = columns
            .iter()
            .position(|c| c.title == title)
            .unwrap_or_else(|| {
                columns.push(Column {
                    title,
                    prefix: column.to_owned(),
                    cabinets: Vec::new(),
                });
                columns.len() - 1
            });
        let cabinets = &mut columns[position].cabinets;
        match cabinets.iter_mut().find(|c| c.name == cabinet) {
            Some(found) => found.hosts.push(index),
            None => cabinets.push(Cabinet {
                name: cabinet,
                hosts: vec![index],
            }),
        }
    }
    columns
}

fn short(text: &str, room: f32, size: f32) -> String {
    if text_width(text, size) <= room {
        return text.to_owned();
    }
    let keep = ((room / (size * 0.56)) as usize).saturating_sub(1).max(1);
    format!("{}…", text.chars().take(keep).collect::<String>())
}

/// The topology with the replicas on it; `replica_hosts[i]` is the host index of replica `i`.
pub fn estate(topology: &Topology, replica_hosts: &[usize]) -> Figure {
    let mut replicas_on: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (replica, host) in replica_hosts.iter().enumerate() {
        replicas_on.entry(*host).or_default().push(replica);
    }
    let cut = topology.hosts.len() > MAX_DRAWN_HOSTS;
    let used_racks: Vec<&str> = replica_hosts
        .iter()
        .filter_map(|h| topology.hosts.get(*h))
        .map(|host| {
            host.domains
                .get("rack")
                .map_or(host.name.as_str(), String::as_str)
        })
        .collect();
    let drawn = |index: usize| {
        !cut || {
            let host = &topology.hosts[index];
            let rack = host
                .domains
                .get("rack")
                .map_or(host.name.as_str(), String::as_str);
            used_racks.contains(&rack)
        }
    };
    let columns = columns(topology, &drawn);
    let bar_kinds: Vec<&str> = ["pdu", "switch"]
        .into_iter()
        .filter(|k| topology.kinds.iter().any(|x| x == k))
        .collect();
    let per_row = |n: usize| ((n as f32).sqrt().ceil() as usize).clamp(2, 3);
    let mut shapes = Vec::new();
    let (mut x, mut y, mut row_height) = (0.0_f32, 0.0_f32, 0.0_f32);
    let mut drawn_hosts = 0;
    for column in &columns {
        let racks_width = column.cabinets.len() as f32 * (RACK_WIDTH + RACK_GAP) - RACK_GAP;
        let width = racks_width.max(text_width(&column.title, 12.0) * 1.12);
        let tallest = column
            .cabinets
            .iter()
            .map(|c| (c.hosts.len().div_ceil(per_row(c.hosts.len()))) as f32 * (HOST + HOST_GAP))
            .fold(0.0, f32::max);
        let height =
            HEADER + RACK_HEADER + tallest + 8.0 + bar_kinds.len() as f32 * (BAR + 3.0) + 6.0;
        if x > 0.0 && x + width > MAX_WIDTH {
            x = 0.0;
            y += row_height + ROW_GAP;
            row_height = 0.0;
        }
        shapes.push(Shape::Rect {
            x,
            y,
            width: width + 12.0,
            height,
            rx: 8.0,
            class: "estate-dc",
        });
        shapes.push(Shape::Text {
            x: x + 8.0,
            y: y + 20.0,
            text: short(&column.title, width - 4.0, 12.0),
            anchor: Anchor::Start,
            class: "estate-dc-label",
        });
        let rack_top = y + HEADER;
        for (i, cabinet) in column.cabinets.iter().enumerate() {
            let rack_x = x + 6.0 + i as f32 * (RACK_WIDTH + RACK_GAP);
            let rack_height = RACK_HEADER + tallest + 8.0;
            shapes.push(Shape::Rect {
                x: rack_x,
                y: rack_top,
                width: RACK_WIDTH,
                height: rack_height,
                rx: 4.0,
                class: "estate-rack",
            });
            shapes.push(Shape::Text {
                x: rack_x + RACK_WIDTH / 2.0,
                y: rack_top + 12.0,
                text: short(local(cabinet.name, &column.prefix), RACK_WIDTH - 4.0, 9.5),
                anchor: Anchor::Middle,
                class: "estate-rack-label",
            });
            let columns_here = per_row(cabinet.hosts.len());
            let grid_width = columns_here as f32 * (HOST + HOST_GAP) - HOST_GAP;
            for (slot, host) in cabinet.hosts.iter().enumerate() {
                drawn_hosts += 1;
                let hx = rack_x
                    + (RACK_WIDTH - grid_width) / 2.0
                    + (slot % columns_here) as f32 * (HOST + HOST_GAP);
                let hy = rack_top + RACK_HEADER + (slot / columns_here) as f32 * (HOST + HOST_GAP);
                let (class, label) = match replicas_on.get(host) {
                    Some(replicas) => (
                        "estate-host estate-replica",
                        Some(
                            replicas
                                .iter()
                                .map(|r| r.to_string())
                                .collect::<Vec<_>>()
                                .join(","),
                        ),
                    ),
                    None if topology.hosts[*host].slots == 0 => {
                        ("estate-host estate-unusable", None)
                    }
                    None => ("estate-host", None),
                };
                shapes.push(Shape::Rect {
                    x: hx,
                    y: hy,
                    width: HOST,
                    height: HOST,
                    rx: 2.0,
                    class,
                });
                if let Some(label) = label {
                    shapes.push(Shape::Text {
                        x: hx + HOST / 2.0,
                        y: hy + 10.0,
                        text: label,
                        anchor: Anchor::Middle,
                        class: "estate-replica-label",
                    });
                }
            }
        }
        // Bars: consecutive racks fed by the same PDU (served by the same switch) share one bar.
        for (b, kind) in bar_kinds.iter().enumerate() {
            let bar_y = rack_top + RACK_HEADER + tallest + 8.0 + 4.0 + b as f32 * (BAR + 3.0);
            let name_of = |cabinet: &Cabinet<'_>| {
                cabinet
                    .hosts
                    .first()
                    .and_then(|h| topology.hosts[*h].domains.get(*kind))
                    .map(String::as_str)
            };
            let mut start = 0;
            while start < column.cabinets.len() {
                let name = name_of(&column.cabinets[start]);
                let mut end = start + 1;
                while end < column.cabinets.len() && name_of(&column.cabinets[end]) == name {
                    end += 1;
                }
                if let Some(name) = name {
                    let bar_x = x + 6.0 + start as f32 * (RACK_WIDTH + RACK_GAP);
                    let bar_width = (end - start) as f32 * (RACK_WIDTH + RACK_GAP) - RACK_GAP;
                    let class = if *kind == "pdu" {
                        "estate-pdu"
                    } else {
                        "estate-switch"
                    };
                    shapes.push(Shape::Rect {
                        x: bar_x,
                        y: bar_y,
                        width: bar_width,
                        height: BAR,
                        rx: 3.0,
                        class,
                    });
                    shapes.push(Shape::Text {
                        x: bar_x + bar_width / 2.0,
                        y: bar_y + 11.0,
                        text: short(local(name, &column.prefix), bar_width - 4.0, 9.0),
                        anchor: Anchor::Middle,
                        class: "estate-bar-label",
                    });
                }
                start = end;
            }
        }
        x += width + 12.0 + COLUMN_GAP;
        row_height = row_height.max(height);
    }
    let total_width = shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Rect { x, width, .. } => Some(x + width),
            _ => None,
        })
        .fold(0.0, f32::max)
        .max(200.0);
    let legend_y = y + row_height + 20.0;
    shapes.push(Shape::Rect {
        x: 0.0,
        y: legend_y - 10.0,
        width: HOST,
        height: HOST,
        rx: 2.0,
        class: "estate-host estate-replica",
    });
    shapes.push(Shape::Text {
        x: 18.0,
        y: legend_y,
        text: "replica (numbered)".to_owned(),
        anchor: Anchor::Start,
        class: "estate-legend",
    });
    shapes.push(Shape::Rect {
        x: 150.0,
        y: legend_y - 10.0,
        width: HOST,
        height: HOST,
        rx: 2.0,
        class: "estate-host",
    });
    shapes.push(Shape::Text {
        x: 168.0,
        y: legend_y,
        text: "host".to_owned(),
        anchor: Anchor::Start,
        class: "estate-legend",
    });
    let mut legend_x = 220.0;
    for kind in &bar_kinds {
        let class = if *kind == "pdu" {
            "estate-pdu"
        } else {
            "estate-switch"
        };
        shapes.push(Shape::Rect {
            x: legend_x,
            y: legend_y - 10.0,
            width: 22.0,
            height: 11.0,
            rx: 3.0,
            class,
        });
        let text = if *kind == "pdu" {
            "power (PDU)"
        } else {
            "top-of-rack switch"
        };
        shapes.push(Shape::Text {
            x: legend_x + 28.0,
            y: legend_y,
            text: text.to_owned(),
            anchor: Anchor::Start,
            class: "estate-legend",
        });
        legend_x += 28.0 + text_width(text, 11.0) + 18.0;
    }
    let cut_note = if cut {
        format!(
            " Only the racks that hold replicas are drawn: {drawn_hosts} of {} hosts.",
            topology.hosts.len()
        )
    } else {
        String::new()
    };
    if cut {
        shapes.push(Shape::Text {
            x: 0.0,
            y: legend_y + 18.0,
            text: format!(
                "Showing the racks that hold replicas: {drawn_hosts} of {} hosts.",
                topology.hosts.len()
            ),
            anchor: Anchor::Start,
            class: "estate-legend",
        });
    }
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
        height: legend_y + if cut { 26.0 } else { 8.0 },
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
            columns.len(),
            if placed.is_empty() {
                "no replicas placed".to_owned()
            } else {
                placed.join(", ")
            }
        ),
        shapes,
    }
}
