//! Where things go in the estate drawing: which hosts are drawn, grouped into columns (data
//! centers, else regions, else one column) of cabinets (racks), and each column's box, wrapped
//! into rows no wider than the figure.

use super::{
    BAR, COLUMN_GAP, HEADER, HOST, HOST_GAP, MAX_DRAWN_HOSTS, MAX_WIDTH, RACK_GAP, RACK_HEADER,
    RACK_WIDTH, ROW_GAP,
};
use crate::diagram::text_width;
use crate::topology::Topology;

/// One rack (or one group of hosts without a rack) in drawing order.
pub(super) struct Cabinet<'a> {
    /// The rack's name (`hosts` when the estate has no racks).
    pub name: &'a str,
    /// Its drawn hosts, as host indices.
    pub hosts: Vec<usize>,
}

/// One column: a data center (or region, or the whole estate), placed.
pub(super) struct Column<'a> {
    /// The heading.
    pub title: String,
    /// The column's own domain name, which rack, PDU and switch names often repeat as a prefix.
    pub prefix: String,
    /// Its cabinets, in the order their first host appears.
    pub cabinets: Vec<Cabinet<'a>>,
    /// Left edge of the column's box.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width of the racks (or of the heading, if wider); the box is 12 wider.
    pub width: f32,
    /// Height of the box.
    pub height: f32,
    /// Height of the tallest rack's host grid.
    pub tallest: f32,
}

/// The whole arrangement.
pub(super) struct Layout<'a> {
    /// The columns, placed.
    pub columns: Vec<Column<'a>>,
    /// The kinds drawn as bars under the racks (`pdu`, `switch`), those the estate has.
    pub bar_kinds: Vec<&'static str>,
    /// Whether only the racks holding replicas are drawn.
    pub cut: bool,
    /// How many hosts are drawn.
    pub drawn_hosts: usize,
    /// The bottom of the lowest row of columns.
    pub bottom: f32,
}

/// How many hosts a rack of `n` hosts shows per row: 2 or 3.
pub(super) fn per_row(n: usize) -> usize {
    ((n as f32).sqrt().ceil() as usize).clamp(2, 3)
}

/// `fra1-tor-2-3` in column `fra1` reads as `tor-2-3`: the column already says where it is.
pub(super) fn local<'a>(name: &'a str, prefix: &str) -> &'a str {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix(['-', '.', '_']))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(name)
}

/// The rack a host is in, or the host itself when it has none.
fn rack_of(topology: &Topology, index: usize) -> &str {
    let host = &topology.hosts[index];
    host.domains
        .get("rack")
        .map_or(host.name.as_str(), String::as_str)
}

fn group<'a>(topology: &'a Topology, drawn: &dyn Fn(usize) -> bool) -> Vec<Column<'a>> {
    let has = |kind: &str| topology.kinds.iter().any(|k| k == kind);
    let column_kind = ["datacenter", "region"].into_iter().find(|k| has(k));
    let cabinet_kind = has("rack").then_some("rack");
    let mut columns: Vec<Column<'a>> = Vec::new();
    for (index, host) in topology.hosts.iter().enumerate() {
        if !drawn(index) {
            continue;
        }
        // An estate without data centers or regions is one column of all its hosts.
        let column = match column_kind {
            None => "all hosts",
            Some(kind) => host.domains.get(kind).map_or("—", String::as_str),
        };
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
                    x: 0.0,
                    y: 0.0,
                    width: 0.0,
                    height: 0.0,
                    tallest: 0.0,
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

/// Chooses the hosts to draw, groups them and places every column.
pub(super) fn layout<'a>(topology: &'a Topology, replica_hosts: &[usize]) -> Layout<'a> {
    let cut = topology.hosts.len() > MAX_DRAWN_HOSTS;
    let used_racks: Vec<&str> = replica_hosts
        .iter()
        .filter(|h| **h < topology.hosts.len())
        .map(|h| rack_of(topology, *h))
        .collect();
    let drawn = |index: usize| !cut || used_racks.contains(&rack_of(topology, index));
    let mut columns = group(topology, &drawn);
    let bar_kinds: Vec<&'static str> = ["pdu", "switch"]
        .into_iter()
        .filter(|k| topology.kinds.iter().any(|x| x == k))
        .collect();
    let (mut x, mut y, mut row_height) = (0.0_f32, 0.0_f32, 0.0_f32);
    for column in &mut columns {
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
        (column.x, column.y, column.width, column.height) = (x, y, width, height);
        column.tallest = tallest;
        x += width + 12.0 + COLUMN_GAP;
        row_height = row_height.max(height);
    }
    let drawn_hosts = columns
        .iter()
        .flat_map(|c| &c.cabinets)
        .map(|c| c.hosts.len())
        .sum();
    Layout {
        columns,
        bar_kinds,
        cut,
        drawn_hosts,
        bottom: y + row_height,
    }
}
