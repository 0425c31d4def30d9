//! The nine presets: complete answer sets with a title and a story.
//!
//! Each preset answers every question, so its recommendation never depends on a default; a test
//! keeps it so. Ids are public (CLI `--preset`, URL `?preset=`).

use crate::answers::Answers;

/// A named, complete answer set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// The public id, e.g. `public-cloud`.
    pub id: &'static str,
    /// A short title.
    pub title: &'static str,
    /// One paragraph: who this is and why they answer as they do.
    pub story: &'static str,
    /// Every answer, as a URL query (`regimes` comma-separated, empty for none).
    pub query: &'static str,
}

impl Preset {
    /// The answers of this preset.
    pub fn answers(&self) -> Answers {
        let (answers, warnings) = Answers::from_query(self.query);
        debug_assert!(warnings.is_empty(), "preset {}: {warnings:?}", self.id);
        answers
    }
}

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.id == id)
}

/// Every preset, the two from the original argument first.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "university-research",
        title: "University research groups",
        story: "The biology and geology groups of one university share a Kubernetes cluster run by the institution's research computing team. Everyone works for the same employer, the data is internal research data, and the pipelines pull third-party images from public registries. This is the first example of the original argument: the tenants trust each other enough that containers are enough, hardened because the images come from strangers, with a namespace per group.",
        query: "tenants=org-teams&tenant_count=few&api_access=namespaced&code=third-party&accept_sandbox=no&sensitivity=internal&mixed_sensitivity=no&regimes=&contract=none&side_channels=out-of-scope&operator_trust=trusted&privileges=none&devices=none&gpu_sharing=whole-gpu&host_network=no&performance=cpu-bound&noisy_neighbours=tolerant&cost=lowest&survive=host&replicas=2&state=stateless&platform=kubernetes&offering=self-managed&kvm=unknown",
    },
    Preset {
        id: "public-cloud",
        title: "Public cloud",
        story: "A public cloud provider rents machines to unrelated companies, government bodies and research facilities, who run whatever code they like and manage their own clusters in accounts of their own. None of them trusts the others, side channels between them are plausible, and the provider runs its own hypervisors on bare metal. This is the second example of the original argument: slide up the scale to virtual machines.",
        query: "tenants=unrelated-customers&tenant_count=thousands&api_access=cloud-account&code=customer-supplied&accept_sandbox=no&sensitivity=confidential&mixed_sensitivity=no&regimes=fedramp&contract=none&side_channels=possible&operator_trust=trusted&privileges=privileged&devices=none&gpu_sharing=whole-gpu&host_network=no&performance=cpu-bound&noisy_neighbours=slo-bound&cost=balanced&survive=datacenter&replicas=3&state=replicated&platform=bare-metal&offering=self-managed&kvm=yes",
    },
    Preset {
        id: "ci-runners",
        title: "CI runners for untrusted code",
        story: "A public CI service builds pull requests from anyone on the internet. Builds run as root and start Docker, they are I/O-heavy, and each job is thrown away afterwards, so one copy is enough. Anonymous code with privileges on a shared Kubernetes fleet: every job gets a kernel of its own.",
        query: "tenants=anonymous&tenant_count=thousands&api_access=none&code=customer-supplied&accept_sandbox=no&sensitivity=internal&mixed_sensitivity=no&regimes=&contract=none&side_channels=possible&operator_trust=trusted&privileges=privileged&devices=none&gpu_sharing=whole-gpu&host_network=no&performance=io-heavy&noisy_neighbours=slo-bound&cost=balanced&survive=none&replicas=1&state=stateless&platform=kubernetes&offering=self-managed&kvm=yes",
    },
    Preset {
        id: "saas-notebooks",
        title: "SaaS running customers' notebooks",
        story: "A data-science SaaS runs its customers' Python notebooks. Customers are unrelated companies with confidential data; they never see the Kubernetes API; notebooks must start in a blink. Customer code from unrelated companies needs a hypervisor between them, and the cold-start need picks microVMs.",
        query: "tenants=unrelated-customers&tenant_count=thousands&api_access=none&code=customer-supplied&accept_sandbox=no&sensitivity=confidential&mixed_sensitivity=no&regimes=&contract=none&side_channels=possible&operator_trust=trusted&privileges=none&devices=none&gpu_sharing=whole-gpu&host_network=no&performance=cold-start-critical&noisy_neighbours=slo-bound&cost=balanced&survive=host&replicas=2&state=stateless&platform=kubernetes&offering=self-managed&kvm=yes",
    },
    Preset {
        id: "ai-agents",
        title: "AI agents executing generated code",
        story: "An internal agent platform lets teams' AI agents write and run code against company data. The teams trust each other, but the code is generated and can be steered by what the agent reads. The platform team has documented accepting a gVisor sandbox (as Kubernetes' agent-sandbox does) for fast starts on GKE nodes without nested virtualisation, where GKE Sandbox provides it. Agents' sessions are stateless: any copy can take the next request.",
        query: "tenants=org-teams&tenant_count=hundreds&api_access=none&code=agent-generated&accept_sandbox=yes&sensitivity=confidential&mixed_sensitivity=no&regimes=&contract=none&side_channels=out-of-scope&operator_trust=trusted&privileges=none&devices=none&gpu_sharing=whole-gpu&host_network=no&performance=cold-start-critical&noisy_neighbours=tolerant&cost=balanced&survive=host&replicas=2&state=stateless&platform=kubernetes&offering=gke&kvm=no",
    },
    Preset {
        id: "pci-payments",
        title: "PCI payment service",
        story: "A payment service processes card data in the company's shared Kubernetes platform, next to the marketing site and internal tools. Its code is first-party on third-party libraries and images. NIST's one-sensitivity-per-kernel rule puts the cardholder-data environment on nodes of its own (the first of PCI DSS 2.2.3's three ways), spread over data centers.",
        query: "tenants=org-teams&tenant_count=hundreds&api_access=namespaced&code=third-party&accept_sandbox=no&sensitivity=regulated&mixed_sensitivity=yes&regimes=pci-cde&contract=none&side_channels=possible&operator_trust=trusted&privileges=none&devices=none&gpu_sharing=whole-gpu&host_network=no&performance=io-heavy&noisy_neighbours=slo-bound&cost=isolation-first&survive=datacenter&replicas=3&state=replicated&platform=kubernetes&offering=self-managed&kvm=yes",
    },
    Preset {
        id: "dod-il5",
        title: "DoD IL5 mission system",
        story: "A mission system handling controlled unclassified information for several DoD mission owners, on a VM fleet. Impact level 5 asks for strong virtual separation between tenants on infrastructure physically separate from non-Federal systems, or a provider offering with a DISA IL5 authorisation.",
        query: "tenants=partners&tenant_count=few&api_access=namespaced&code=first-party&accept_sandbox=no&sensitivity=regulated&mixed_sensitivity=no&regimes=fedramp,il5&contract=none&side_channels=possible&operator_trust=partial&privileges=none&devices=none&gpu_sharing=whole-gpu&host_network=no&performance=cpu-bound&noisy_neighbours=slo-bound&cost=isolation-first&survive=datacenter&replicas=3&state=replicated&platform=vm-fleet&offering=self-managed&kvm=yes",
    },
    Preset {
        id: "internal-platform",
        title: "Internal platform of many teams",
        story: "A company's internal developer platform: hundreds of teams deploy their services to shared Kubernetes clusters, with third-party images, some needing root in the container. The teams trust each other to a degree; what matters most is keeping running when a data center goes dark.",
        query: "tenants=org-teams&tenant_count=hundreds&api_access=namespaced&code=third-party&accept_sandbox=no&sensitivity=internal&mixed_sensitivity=no&regimes=&contract=none&side_channels=out-of-scope&operator_trust=trusted&privileges=root-in-container&devices=none&gpu_sharing=whole-gpu&host_network=no&performance=cpu-bound&noisy_neighbours=slo-bound&cost=balanced&survive=datacenter&replicas=3&state=replicated&platform=kubernetes&offering=self-managed&kvm=unknown",
    },
    Preset {
        id: "survive-anything",
        title: "Survive anything (the moon)",
        story: "One team's archive of record, its own code on its own machines, that must outlive any disaster on Earth. Isolation is modest because nobody else is on the platform; availability goes all the way up the ruler to the joke rung: a copy on the moon.",
        query: "tenants=single-team&tenant_count=few&api_access=none&code=first-party&accept_sandbox=no&sensitivity=confidential&mixed_sensitivity=no&regimes=&contract=none&side_channels=out-of-scope&operator_trust=trusted&privileges=none&devices=none&gpu_sharing=whole-gpu&host_network=no&performance=io-heavy&noisy_neighbours=tolerant&cost=isolation-first&survive=planet&replicas=5&state=replicated&platform=bare-metal&offering=self-managed&kvm=yes",
    },
];

#[cfg(test)]
mod tests;
