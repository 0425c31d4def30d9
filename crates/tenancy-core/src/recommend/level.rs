//! From floors to levels: the lowest rung meeting every floor, and on compute the preference
//! between the equally strong `microvm` and `vm`.
//!
//! The preference applies only when the strongest compute floor is the hypervisor floor
//! (`microvm`); a `vm` or `confidential-vm` floor is taken as it is. The rule, first match wins:
//!
//! 1. `kvm=no` (on any platform but `serverless`) → `vm`: the nodes cannot start microVMs, and VMs
//!    of the fleet or provider, one set per tenant, serve as nodes with the same boundary and no
//!    nested virtualisation. (`platform=vm-fleet` says so; on Kubernetes or bare metal the only
//!    hypervisor boundary left without `/dev/kvm` is the same: VMs as nodes.)
//! 2. `platform=serverless` → `microvm`: the provider's microVM service (Firecracker runs Lambda
//!    and Fargate).
//! 3. `host_network=yes` → `vm`: Kata cannot share the host's network namespace.
//! 4. `performance=cold-start-critical` → `microvm`: Firecracker boots to guest init in ≤ 125 ms.
//! 5. `cost=lowest` → `microvm`: ≤ 5 MiB of VMM memory per microVM.
//! 6. `platform=vm-fleet` or `bare-metal` → `vm`: what those platforms run already.
//! 7. otherwise (`platform=kubernetes`) → `microvm`: a Kata RuntimeClass keeps the pod API.
//!
//! `devices=gpu` decides nothing here: Kata with QEMU or Cloud Hypervisor passes GPUs through
//! (VFIO) as full VMs do; only Firecracker cannot, and the warnings and the Kubernetes export
//! steer a GPU workload away from it. Compatibility (1–3) comes before speed and cost (4–5), which
//! come before habit (6–7). Because both choices are equally strong, no preference can make an
//! axis weaker.

use crate::answers::Answers;
use crate::rung::{Axis, Rung};

use super::Floor;

/// The level of one axis and, when a preference chose between equal rungs, why.
pub(super) fn level(axis: Axis, floors: &[Floor], answers: &Answers) -> (Rung, Option<String>) {
    let strongest = floors
        .iter()
        .map(|floor| floor.rung)
        .max_by_key(|rung| rung.index())
        .unwrap_or(axis.bottom());
    if strongest != Rung::of(Axis::Compute, "microvm") {
        return (strongest, None);
    }
    let (rung, why) = hypervisor_preference(answers);
    (Rung::of(Axis::Compute, rung), Some(why.to_owned()))
}

/// The preferences between the equally strong microVM and VM, first match wins: (question,
/// option, rung, why). Serverless comes first: its provider runs the microVMs, `/dev/kvm` or not.
#[rustfmt::skip]
const HYPERVISOR_PREFERENCES: [(&str, &str, &str, &str); 7] = [
    ("platform", "serverless", "microvm", "platform=serverless: use the provider's microVM service (AWS Lambda and Fargate run on Firecracker)"),
    ("kvm", "no", "vm", "kvm=no: without /dev/kvm on the nodes there are no microVMs; VMs per tenant, used as nodes, are the same hypervisor boundary"),
    ("host_network", "yes", "vm", "host_network=yes: Kata cannot share the host's network namespace; in a VM per tenant the VM is the host it shares"),
    ("performance", "cold-start-critical", "microvm", "performance=cold-start-critical: Firecracker takes ≤ 125 ms from start to guest init"),
    ("cost", "lowest", "microvm", "cost=lowest: a Firecracker microVM costs ≤ 5 MiB of VMM memory"),
    ("platform", "vm-fleet", "vm", "platform=vm-fleet: VMs are what the fleet runs already"),
    ("platform", "bare-metal", "vm", "platform=bare-metal: a VM per tenant on your own hypervisor, with no cold-start or density pressure to prefer microVMs"),
];

/// Without a preference: Kubernetes' Kata RuntimeClass, a microVM per pod.
const KATA: (&str, &str) = (
    "microvm",
    "platform=kubernetes: a Kata Containers RuntimeClass gives each pod its own microVM and keeps the pod API",
);

fn hypervisor_preference(answers: &Answers) -> (&'static str, &'static str) {
    HYPERVISOR_PREFERENCES
        .iter()
        .find(|(key, option, _, _)| answers.is(key, option))
        .map_or(KATA, |&(_, _, rung, why)| (rung, why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hypervisor_preference_names_a_real_option_and_a_hypervisor() {
        for (key, option, rung, _) in HYPERVISOR_PREFERENCES {
            crate::answers::checked(key, option);
            assert_eq!(
                Rung::of(Axis::Compute, rung).strength(),
                Rung::of(Axis::Compute, KATA.0).strength(),
                "{key}={option}"
            );
        }
    }
}
