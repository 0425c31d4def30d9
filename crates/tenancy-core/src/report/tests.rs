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
            "  - Because you answered “No” to “Is hardware virtualisation available to the nodes",
            "<- tenant boundary",
            "cheaper: compute=sandboxed-container",
            "Controls",
            "  - A workload identity per tenant, no API token by default (because",
            "    Kubernetes export: automountServiceAccountToken: false on the pod",
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
        "regimes=pci-cde,hipaa&survive=rack&mixed_sensitivity=yes",
        &[
            "# Tenancy Scale recommendation",
            "| residency | `dedicated-node-pool`",
            "[NIST SP 800-190, Application Container Security Guide (2017)](https://doi.org/10.6028/NIST.SP.800-190)",
            "## Notes",
            "`regimes∋hipaa`",
            "`regimes∋pci-cde`: PCI DSS 2.2.3 is not a hardware floor",
            "[PCI Security Standards Council: PCI DSS v4.0.1 (document library)](https://www.pcisecuritystandards.org/document_library/), as of 2026-11",
            "## Controls",
            "**Audit logs per tenant** (`regimes∋hipaa`)",
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
