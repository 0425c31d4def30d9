//! Tests of the diagram geometry: the boxes match the stack, markers sit where the scale says,
//! and the SVG is well-formed and escaped.

use super::*;
use crate::answers::Answers;
use crate::preset;
use crate::recommend::recommend;

fn recommendation(query: &str) -> crate::Recommendation {
    let (answers, warnings) = Answers::from_query(query);
    assert!(warnings.is_empty());
    recommend(&answers)
}

fn texts(figure: &Figure) -> Vec<&str> {
    figure
        .shapes
        .iter()
        .filter_map(|shape| match shape {
            Shape::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn stack_boxes_nest_one_per_layer_and_mark_the_boundary() {
    for preset in preset::PRESETS {
        let recommendation = recommend(&preset.answers());
        let figure = stack::stack(&recommendation);
        let boxes: Vec<(f32, f32, f32, f32, &str)> = figure
            .shapes
            .iter()
            .filter_map(|shape| match shape {
                Shape::Rect {
                    x,
                    y,
                    width,
                    height,
                    class,
                    ..
                } if class.starts_with("stack-box") => Some((*x, *y, *width, *height, *class)),
                _ => None,
            })
            .collect();
        assert_eq!(boxes.len(), recommendation.stack.len(), "{}", preset.id);
        for pair in boxes.windows(2) {
            let (outer, inner) = (pair[0], pair[1]);
            assert!(
                inner.0 > outer.0 && inner.1 > outer.1,
                "{}: nested",
                preset.id
            );
            assert!(
                inner.0 + inner.2 < outer.0 + outer.2,
                "{}: inside on the right",
                preset.id
            );
            assert!(
                inner.1 + inner.3 < outer.1 + outer.3,
                "{}: inside at the bottom",
                preset.id
            );
        }
        let boundaries = boxes
            .iter()
            .filter(|b| b.4.contains("stack-boundary"))
            .count();
        let expected = recommendation
            .stack
            .iter()
            .filter(|l| l.tenant_boundary)
            .count();
        assert_eq!(boundaries, expected, "{}", preset.id);
        assert!(
            figure
                .desc
                .contains(recommendation.control_plane_band.label),
            "{}",
            preset.id
        );
    }
}

#[test]
fn stack_labels_wrap_instead_of_being_cut() {
    for preset in preset::PRESETS {
        let recommendation = recommend(&preset.answers());
        let figure = stack::stack(&recommendation);
        let all: String = texts(&figure).join(" ");
        for layer in &recommendation.stack {
            for word in layer.label.split(' ').skip(1) {
                assert!(
                    all.contains(word),
                    "{}: `{word}` of `{}`",
                    preset.id,
                    layer.label
                );
            }
        }
        assert!(!all.contains('…'), "{}: {all}", preset.id);
        for shape in &figure.shapes {
            if let Shape::Text { y, .. } = shape {
                assert!(*y < figure.height, "{}: a line below the figure", preset.id);
            }
        }
    }
    assert_eq!(
        stack::wrap("a microVM per pod (Kata Containers)", 120.0),
        ["a microVM per pod", "(Kata Containers)"]
    );
}

#[test]
fn ruler_marks_every_rung_and_places_the_markers() {
    let figure = ruler::ruler(&recommendation("tenants=unrelated-customers&survive=rack"));
    let labels = texts(&figure);
    for mark in crate::recommend::MARKS {
        assert!(labels.contains(&mark), "{mark}");
    }
    assert!(labels.contains(&"isolation") && labels.contains(&"availability"));
    assert!(figure.title.contains("virtual machines") && figure.title.contains("separate racks"));
    let hosts = ruler::ruler(&recommendation("survive=host"));
    assert!(texts(&hosts).contains(&"separate hosts"));
    assert!(!texts(&hosts).contains(&"dedicated hosts"));
    let single = ruler::ruler(&recommendation("survive=none"));
    assert!(!texts(&single).contains(&"availability"));
}

#[test]
fn svg_is_escaped_and_closed() {
    let figure = Figure {
        width: 10.0,
        height: 10.0,
        title: "a < b & \"c\"".to_owned(),
        desc: "d".to_owned(),
        shapes: vec![Shape::Text {
            x: 1.0,
            y: 2.25,
            text: "<script>".to_owned(),
            anchor: Anchor::Start,
            class: "t",
        }],
    };
    let svg = svg::render(&figure);
    assert!(svg.contains("<title>a &lt; b &amp; &quot;c&quot;</title>"));
    assert!(svg.contains("&lt;script&gt;"));
    assert!(svg.contains("y=\"2.3\"") || svg.contains("y=\"2.2\""));
    assert!(svg.trim_end().ends_with("</svg>"));
}

#[test]
fn numbers_are_short() {
    assert_eq!(number(3.0), "3");
    assert_eq!(number(3.25), "3.3");
    assert_eq!(number(-0.5), "-0.5");
}

#[test]
fn the_estate_marks_each_replica_host_and_shows_power_and_switches() {
    let topology = crate::topology::default_topology();
    let hosts = [0, 9, 60];
    let figure = estate::estate(&topology, &hosts);
    let replicas = figure
        .shapes
        .iter()
        .filter(|s| matches!(s, Shape::Rect { class, .. } if class.contains("estate-replica")))
        .count();
    // Three replica hosts plus the legend's sample square.
    assert_eq!(replicas, hosts.len() + 1);
    let labels = texts(&figure);
    assert!(labels.contains(&"0") && labels.contains(&"1") && labels.contains(&"2"));
    assert!(figure.shapes.iter().any(|s| matches!(
        s,
        Shape::Rect {
            class: "estate-pdu",
            ..
        }
    )));
    assert!(figure.shapes.iter().any(|s| matches!(
        s,
        Shape::Rect {
            class: "estate-switch",
            ..
        }
    )));
    for host in hosts {
        assert!(figure.desc.contains(&topology.hosts[host].name));
    }
}

#[test]
fn numbers_read_as_the_rounded_value_with_one_decimal_at_most() {
    // What `number` must write: `{:.1}` of the value rounded to tenths, without a trailing `.0`.
    let by_float_formatting = |value: f32| {
        let rounded = (value * 10.0).round() / 10.0;
        if rounded.fract() == 0.0 {
            format!("{}", rounded as i64)
        } else {
            format!("{rounded:.1}")
        }
    };
    let mut value = -2_000.0_f32;
    while value < 20_000.0 {
        assert_eq!(number(value), by_float_formatting(value), "{value}");
        value += 0.037;
    }
    for (value, text) in [
        (0.0, "0"),
        (-0.04, "0"),
        (-0.06, "-0.1"),
        (12.25, "12.3"),
        (-1.25, "-1.3"),
        (640.0, "640"),
        (0.95, "1"),
    ] {
        assert_eq!(number(value), text, "{value}");
    }
}
