//! A small picture of the container/VM combination pattern: containers in VMs, containers beside
//! VMs, or a VM inside a container (pod).

use super::{Anchor, Figure, Shape};
use crate::recommend::Pattern;

const WIDTH: f32 = 220.0;
const HEIGHT: f32 = 96.0;

fn labelled_box(
    shapes: &mut Vec<Shape>,
    x: f32,
    y: f32,
    width: f32,
    height: f32,
    class: &'static str,
    label: &str,
) {
    shapes.push(Shape::Rect {
        x,
        y,
        width,
        height,
        rx: 5.0,
        class,
    });
    shapes.push(Shape::Text {
        x: x + 6.0,
        y: y + 13.0,
        text: label.to_owned(),
        anchor: Anchor::Start,
        class: "pattern-label",
    });
}

fn containers(shapes: &mut Vec<Shape>, x: f32, y: f32, count: usize) {
    for i in 0..count {
        shapes.push(Shape::Rect {
            x: x + i as f32 * 26.0,
            y,
            width: 20.0,
            height: 20.0,
            rx: 3.0,
            class: "pattern-container",
        });
    }
}

/// The picture of one pattern.
pub fn pattern(pattern: Pattern) -> Figure {
    let mut shapes = Vec::new();
    let desc = match pattern {
        Pattern::ContainersInVms => {
            labelled_box(&mut shapes, 4.0, 4.0, 104.0, 88.0, "pattern-vm", "VM");
            containers(&mut shapes, 14.0, 40.0, 3);
            labelled_box(&mut shapes, 112.0, 4.0, 104.0, 88.0, "pattern-vm", "VM");
            containers(&mut shapes, 122.0, 40.0, 3);
            "Two virtual machines, each holding its own containers."
        }
        Pattern::ContainersAndVms => {
            labelled_box(
                &mut shapes,
                4.0,
                4.0,
                104.0,
                88.0,
                "pattern-host",
                "shared kernel",
            );
            containers(&mut shapes, 14.0, 40.0, 3);
            labelled_box(
                &mut shapes,
                112.0,
                4.0,
                104.0,
                88.0,
                "pattern-host",
                "hypervisor",
            );
            labelled_box(&mut shapes, 122.0, 26.0, 84.0, 56.0, "pattern-vm", "VM");
            containers(&mut shapes, 132.0, 50.0, 2);
            "Containers on a shared kernel on one side, a virtual machine on the other."
        }
        Pattern::VmsInContainers => {
            labelled_box(
                &mut shapes,
                4.0,
                4.0,
                212.0,
                88.0,
                "pattern-pod",
                "container (pod)",
            );
            labelled_box(
                &mut shapes,
                20.0,
                26.0,
                180.0,
                58.0,
                "pattern-vm",
                "VM (QEMU in the pod)",
            );
            containers(&mut shapes, 34.0, 50.0, 2);
            "A container (pod) that runs a virtual machine, as KubeVirt does."
        }
    };
    Figure {
        width: WIDTH,
        height: HEIGHT,
        title: format!("Pattern: {}", pattern.label()),
        desc: desc.to_owned(),
        shapes,
    }
}
