//! Unit tests of the Nova export: server groups and the kinds it cannot express.

use super::*;

#[test]
fn nova_groups_and_lossy_kinds() {
    let nova = Target::Nova;
    check(
        nova,
        "",
        Some(r#"{"replicas": 4, "rules": [{"kind": "host", "max_per_domain": 2}]}"#),
        &[
            "openstack --os-compute-api-version 2.64 server group create --policy anti-affinity --rule max_server_per_host=2 workload",
            "nova --os-compute-api-version 2.64 server-group-create workload anti-affinity --rule max_server_per_host=2",
            "--hint group=$GROUP_ID --min 4 --max 4 workload",
        ],
        &[],
    );
    check(
        nova,
        "",
        Some(r#"{"replicas": 3, "rules": [{"kind": "rack", "max_per_domain": 1}]}"#),
        &["No rule on hosts"],
        &[
            "at most 1 per rack: Nova server groups only know compute hosts",
            "availability zones",
        ],
    );
    check(
        nova,
        "",
        Some(r#"{"replicas": 3, "rules": [{"kind": "host", "min_domains": 3}]}"#),
        &["--policy soft-anti-affinity"],
        &["soft-anti-affinity"],
    );
    check(
        nova,
        "side_channels=possible",
        None,
        &["hw:cpu_thread_policy=isolate"],
        &[],
    );
}
