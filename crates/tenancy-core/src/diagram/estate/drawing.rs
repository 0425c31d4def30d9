//! The estate drawing's shapes from its layout: a box per column, a cabinet per rack with its
//! hosts (replicas filled and numbered), and PDU and switch bars under the racks they serve.

use std::collections::BTreeMap;

use super::layout::{Cabinet, Column, Layout, local, per_row};
use super::{BAR, HOST, HOST_GAP, RACK_GAP, RACK_HEADER, RACK_WIDTH};
use crate::diagram::{Anchor, Shape, text_width};
use crate::topology::Topology;

/// `text`, shortened with `…` to fit `room` at font `size`.
fn short(text: &str, room: f32, size: f32) -> String {
    if text_width(text, size) <= room {
        return text.to_owned();
    }
    let keep = ((room / (size * 0.56)) as usize).saturating_sub(1).max(1);
    format!("{}…", text.chars().take(keep).collect::<String>())
}

/// The style class of a bar kind.
pub(super) fn bar_class(kind: &str) -> &'static str {
    if kind == "pdu" {
        "estate-pdu"
    } else {
        "estate-switch"
    }
}

/// Every shape of the columns, racks, hosts and bars.
pub(super) fn draw(
    layout: &Layout<'_>,
    topology: &Topology,
    replica_hosts: &[usize],
) -> Vec<Shape> {
    let mut replicas_on: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (replica, host) in replica_hosts.iter().enumerate() {
        replicas_on.entry(*host).or_default().push(replica);
    }
    let mut shapes = Vec::new();
    for column in &layout.columns {
        shapes.push(Shape::Rect {
            x: column.x,
            y: column.y,
            width: column.width + 12.0,
            height: column.height,
            rx: 8.0,
            class: "estate-dc",
        });
        shapes.push(Shape::Text {
            x: column.x + 8.0,
            y: column.y + 20.0,
            text: short(&column.title, column.width - 4.0, 12.0),
            anchor: Anchor::Start,
            class: "estate-dc-label",
        });
        for (i, cabinet) in column.cabinets.iter().enumerate() {
            cabinet_shapes(column, i, cabinet, topology, &replicas_on, &mut shapes);
        }
        for (b, kind) in layout.bar_kinds.iter().enumerate() {
            bar_shapes(column, b, kind, topology, &mut shapes);
        }
    }
    shapes
}

/// Rack `i` of a column: its frame, its name and its hosts.
fn cabinet_shapes(
    column: &Column<'_>,
    i: usize,
    cabinet: &Cabinet<'_>,
    topology: &Topology,
    replicas_on: &BTreeMap<usize, Vec<usize>>,
    shapes: &mut Vec<Shape>,
) {
    let rack_top = column.y + super::HEADER;
    let rack_x = column.x + 6.0 + i as f32 * (RACK_WIDTH + RACK_GAP);
    shapes.push(Shape::Rect {
        x: rack_x,
        y: rack_top,
        width: RACK_WIDTH,
        height: RACK_HEADER + column.tallest + 8.0,
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
            None if topology.hosts[*host].slots == 0 => ("estate-host estate-unusable", None),
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

/// The `b`-th bar row of a column: consecutive racks fed by the same PDU (served by the same
/// switch) share one bar.
fn bar_shapes(
    column: &Column<'_>,
    b: usize,
    kind: &str,
    topology: &Topology,
    shapes: &mut Vec<Shape>,
) {
    let rack_top = column.y + super::HEADER;
    let bar_y = rack_top + RACK_HEADER + column.tallest + 8.0 + 4.0 + b as f32 * (BAR + 3.0);
    let name_of = |cabinet: &Cabinet<'_>| {
        cabinet
            .hosts
            .first()
            .and_then(|h| topology.hosts[*h].domains.get(kind))
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
            let bar_x = column.x + 6.0 + start as f32 * (RACK_WIDTH + RACK_GAP);
            let bar_width = (end - start) as f32 * (RACK_WIDTH + RACK_GAP) - RACK_GAP;
            shapes.push(Shape::Rect {
                x: bar_x,
                y: bar_y,
                width: bar_width,
                height: BAR,
                rx: 3.0,
                class: bar_class(kind),
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
