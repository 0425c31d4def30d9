//! Tests of the renderings: what a reader must find in them.

use super::*;
use crate::answers::Answers;
use crate::recommend::recommend;

/// Answers as a URL query → a rendering that contains each expected piece.
fn check(render: fn(&Recommendation) -> String, query: &str, expected: &[&str]) {
    let (answers, _) = Answers::from_query(query);
    let rendered = render(&recommend(&answers));
    for piece in expected {
        assert!(
            rendered.contains(piece),
            "{query}: missing {piece:?} in\n{rendered}"
        );
    }
}

#[test]
fn text_shows_levels_reasons_sources_and_warnings() {
    check(
        text,
        "tenants=unrelated-customers&kvm=no&platform=serverless",
        &[
            "Isolation: virtual machines",
            "compute         microvm (microVM)",
            "chosen over its equal: platform=serverless",
            "compute ≥ hypervisor (microvm or vm) because tenants=unrelated-customers:",
            "source: Microsoft: Best practices for cluster isolation",
            "Warnings",
            "kvm=no with compute=microvm",
            "<- tenant boundary",
            "cheaper: compute=sandboxed-container",
        ],
    );
}

#[test]
fn text_lines_fit_a_terminal() {
    let (answers, _) = Answers::from_query("tenants=anonymous&code=malicious&regimes=pci-provider");
    for line in text(&recommend(&answers)).lines() {
        // URLs are never broken, so only lines without one must fit.
        if !line.contains("://") {
            assert!(line.chars().count() <= 100, "{line}");
        }
    }
}

#[test]
fn markdown_links_every_source() {
    check(
        markdown,
        "regimes=pci-cde,hipaa&survive=rack",
        &[
            "# Tenancy Scale recommendation",
            "| residency | `dedicated-node-pool`",
            "[PCI DSS v4.0.1 Requirement 2.2.3 (text as reproduced by withpci.com)](https://withpci.com/requirements/2/2.2/2.2.3)",
            "## Notes",
            "`regimes∋hipaa`",
            "`survive=rack`",
        ],
    );
    check(
        markdown,
        "survive=none",
        &[
            "No answer sets a floor",
            "`survive=none`",
            "Defaults used for: tenants,",
        ],
    );
}
