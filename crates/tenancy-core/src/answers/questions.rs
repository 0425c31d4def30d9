//! The question table: keys, options (least to most demanding), defaults, groups.

use std::collections::BTreeSet;

use serde_json::Value as Json;

use super::{Value, Warning, json_kind};

/// The questionnaire's groups, in the order the web app shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// Who shares the platform.
    WhoShares,
    /// What code runs.
    WhatRuns,
    /// What data and which rules.
    DataAndRules,
    /// What the workload needs from the platform.
    Needs,
    /// What it must survive.
    Survive,
    /// The platform it runs on.
    Platform,
}

impl Group {
    /// Every group, in display order.
    pub const ALL: [Group; 6] = [
        Group::WhoShares,
        Group::WhatRuns,
        Group::DataAndRules,
        Group::Needs,
        Group::Survive,
        Group::Platform,
    ];

    /// The group's heading.
    pub fn title(self) -> &'static str {
        match self {
            Group::WhoShares => "Who shares",
            Group::WhatRuns => "What runs",
            Group::DataAndRules => "What data and rules",
            Group::Needs => "What it needs",
            Group::Survive => "What it must survive",
            Group::Platform => "Platform",
        }
    }
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    /// Exactly one of the options; `default` indexes into them.
    Choice {
        /// Option ids, least to most demanding.
        options: &'static [&'static str],
        /// Index of the default option.
        default: usize,
    },
    /// Any subset of the options (default: none).
    Set {
        /// Option ids.
        options: &'static [&'static str],
    },
    /// An integer in `min..=max`.
    Number {
        /// Smallest allowed value.
        min: u32,
        /// Largest allowed value.
        max: u32,
        /// The default.
        default: u32,
    },
}

/// One question of the questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    /// The JSON key and URL parameter.
    pub key: &'static str,
    /// The question as people read it.
    pub text: &'static str,
    /// The group it is shown in.
    pub group: Group,
    /// The answer it takes.
    pub kind: QuestionKind,
    /// One line on why the answer matters ("why we ask").
    pub why: &'static str,
    /// The id of the source (in [`crate::source::SOURCES`]) behind `why`.
    pub source: &'static str,
    /// The options as people read them, one per option id in the same order (empty for a
    /// number).
    pub labels: &'static [&'static str],
}

const fn choice(
    key: &'static str,
    group: Group,
    text: &'static str,
    options: &'static [&'static str],
    default: usize,
) -> Question {
    Question {
        key,
        text,
        group,
        kind: QuestionKind::Choice { options, default },
        why: "",
        source: "",
        labels: &[],
    }
}

impl Question {
    /// The same question with its "why we ask" line and the source behind it.
    const fn because(self, why: &'static str, source: &'static str) -> Question {
        Question {
            why,
            source,
            ..self
        }
    }

    /// The same question with its option labels (one per option, in order; a test checks it).
    const fn labelled(self, labels: &'static [&'static str]) -> Question {
        Question { labels, ..self }
    }
}

/// Every question, in questionnaire order.
pub const QUESTIONS: &[Question] = &[
    choice(
        "tenants",
        Group::WhoShares,
        "Who shares the platform with this workload?",
        &[
            "single-team",
            "org-teams",
            "partners",
            "unrelated-customers",
            "anonymous",
        ],
        0,
    )
    .labelled(&[
        "One team",
        "Teams of one organisation",
        "Partners",
        "Unrelated customers",
        "Anonymous users",
    ])
    .because(
        "Mutually distrusting tenants need a stronger boundary than teams of one employer: this answer moves the compute floor most.",
        "k8s-multi-tenancy",
    ),
    choice(
        "tenant_count",
        Group::WhoShares,
        "How many tenants?",
        &["few", "hundreds", "thousands"],
        0,
    )
    .labelled(&["Few", "Hundreds", "Thousands"])
    .because(
        "Thousands of tenants make a cluster or account each costly to run, so it shapes how the control plane is split.",
        "eks-tenant-isolation",
    ),
    choice(
        "api_access",
        Group::WhoShares,
        "What do tenants do with the orchestrator's API?",
        &["none", "namespaced", "cluster-scoped", "cloud-account"],
        0,
    )
    .labelled(&[
        "Nothing: they never see it",
        "Namespaced objects only",
        "Cluster-scoped objects (CRDs, webhooks, operators)",
        "Their own cloud accounts or subscriptions (clusters and all)",
    ])
    .because(
        "Namespaces cannot isolate cluster-scoped objects (CRDs, webhooks), so tenants who need them need a control plane of their own; tenants who manage cloud resources need an account of their own.",
        "k8s-multi-tenancy",
    ),
    choice(
        "code",
        Group::WhatRuns,
        "Who wrote the code that runs?",
        &[
            "first-party",
            "third-party",
            "customer-supplied",
            "agent-generated",
            "malicious",
        ],
        0,
    )
    .labelled(&[
        "We did (first-party)",
        "Third parties (images, libraries)",
        "Our customers",
        "An AI agent (generated code)",
        "Known-malicious code",
    ])
    .because(
        "Code you did not write is treated as hostile: sandboxing is recommended when workloads are assumed to be malicious.",
        "k8s-multi-tenancy",
    ),
    choice(
        "accept_sandbox",
        Group::WhatRuns,
        "Accept a user-space-kernel sandbox instead of a hypervisor for untrusted code (documented risk acceptance)?",
        &["no", "yes"],
        0,
    )
    .labelled(&["No", "Yes"])
    .because(
        "A user-space kernel (gVisor) stops most kernel exploits without a hypervisor; accepting it instead is a documented risk decision.",
        "gvisor-security",
    ),
    choice(
        "sensitivity",
        Group::DataAndRules,
        "How sensitive is the data?",
        &[
            "public",
            "internal",
            "confidential",
            "regulated",
            "classified",
        ],
        0,
    )
    .labelled(&[
        "Public",
        "Internal",
        "Confidential",
        "Regulated (personal, health, card or controlled data)",
        "Classified (national security)",
    ])
    .because(
        "The more sensitive the data, the more a breach costs: confidential data gets keys and storage per tenant, regulated data audit logs per tenant, classified data a classified facility.",
        "nist-800-53",
    ),
    choice(
        "mixed_sensitivity",
        Group::DataAndRules,
        "Would workloads of different sensitivity share hosts?",
        &["no", "yes"],
        0,
    )
    .labelled(&["No", "Yes"])
    .because(
        "NIST: only group containers of the same sensitivity on a single host OS kernel.",
        "nist-800-190",
    ),
    Question {
        key: "regimes",
        text: "Which rules apply?",
        group: Group::DataAndRules,
        kind: QuestionKind::Set {
            options: &[
                "hipaa",
                "fedramp",
                "pci-cde",
                "pci-provider",
                "il4",
                "il5",
                "il6",
                "data-residency",
            ],
        },
        why: "Some rules ask for a kind of separation (DoD impact levels, PCI DSS Appendix A1); others prescribe no mechanism and ask for controls instead (HIPAA, FedRAMP, PCI DSS 2.2.3).",
        source: "pci-dss",
        labels: &[
            "HIPAA",
            "FedRAMP",
            "PCI DSS: cardholder data environment",
            "PCI DSS: multi-tenant service provider",
            "DoD IL4",
            "DoD IL5",
            "DoD IL6",
            "Data residency",
        ],
    },
    choice(
        "contract",
        Group::DataAndRules,
        "What do customer contracts demand?",
        &["none", "dedicated-hardware", "no-shared-infra"],
        0,
    )
    .labelled(&[
        "Nothing about isolation",
        "Dedicated hardware",
        "No shared infrastructure",
    ])
    .because(
        "A contract can demand dedicated hardware or an isolated silo whatever the threat model says.",
        "saas-lens-silo",
    ),
    choice(
        "side_channels",
        Group::DataAndRules,
        "Are hardware side channels (Spectre, L1TF, MDS) in the threat model?",
        &["out-of-scope", "possible", "required"],
        0,
    )
    .labelled(&[
        "Out of scope",
        "Possible: no tenant shares a core with another",
        "Required: no other tenant on the host",
    ])
    .because(
        "Every compute boundary shares caches and cores: no cross-tenant core sharing stops the sibling-thread attacks, only a dedicated host stops the rest.",
        "core-scheduling",
    ),
    choice(
        "operator_trust",
        Group::DataAndRules,
        "Do you trust the infrastructure operator?",
        &["trusted", "partial", "untrusted"],
        0,
    )
    .labelled(&[
        "Trusted",
        "Partly: keys and access under our control",
        "Untrusted: memory encrypted in use",
    ])
    .because(
        "Against the infrastructure operator only confidential VMs (SEV-SNP, TDX) keep memory encrypted in use; partial trust asks for keys the operator does not hold.",
        "coco",
    ),
    choice(
        "privileges",
        Group::Needs,
        "What does the workload need from the kernel?",
        &["none", "root-in-container", "privileged", "custom-kernel"],
        0,
    )
    .labelled(&[
        "Nothing special",
        "Root in the container",
        "A privileged container",
        "A custom kernel or modules",
    ])
    .because(
        "Privileged or kernel-level workloads need a kernel of their own, so the boundary must be a hypervisor.",
        "kata-privileged",
    ),
    choice(
        "devices",
        Group::Needs,
        "Does it need device passthrough?",
        &["none", "gpu"],
        0,
    )
    .labelled(&["None", "GPU"])
    .because(
        "GPU passthrough narrows the choice of microVM monitor: Kata with QEMU or Cloud Hypervisor passes devices through, Firecracker does not.",
        "kata-virtualization",
    ),
    choice(
        "gpu_sharing",
        Group::Needs,
        "How do tenants share a GPU?",
        &["whole-gpu", "mig", "vgpu", "time-slicing"],
        0,
    )
    .labelled(&[
        "A whole GPU per tenant (passthrough)",
        "MIG partitions",
        "vGPU (mediated devices)",
        "Time-slicing",
    ])
    .because(
        "GPU sharing models isolate very differently: time-slicing has “no memory or fault-isolation between replicas”, MIG partitions memory and faults.",
        "nvidia-time-slicing",
    ),
    choice(
        "host_network",
        Group::Needs,
        "Does it need the host's network namespace?",
        &["no", "yes"],
        0,
    )
    .labelled(&["No", "Yes"])
    .because(
        "Kata Containers cannot share the host's network namespace.",
        "kata-limitations",
    ),
    choice(
        "performance",
        Group::Needs,
        "What dominates its performance?",
        &["cpu-bound", "io-heavy", "cold-start-critical"],
        0,
    )
    .labelled(&["CPU-bound", "I/O-heavy", "Cold start"])
    .because(
        "A user-space kernel costs little for CPU-bound work and most for I/O; microVMs boot in about 125 ms.",
        "gvisor-performance",
    ),
    choice(
        "noisy_neighbours",
        Group::Needs,
        "How sensitive is it to noisy neighbours?",
        &["tolerant", "slo-bound", "strict"],
        0,
    )
    .labelled(&[
        "Tolerant",
        "SLO-bound: quotas and guaranteed resources",
        "Strict: nodes of its own",
    ])
    .because(
        "Quotas cannot bound network traffic: strict guarantees need nodes of your own.",
        "k8s-multi-tenancy",
    ),
    choice(
        "cost",
        Group::Needs,
        "How much density are you willing to trade?",
        &["lowest", "balanced", "isolation-first"],
        1,
    )
    .labelled(&["Lowest cost", "Balanced", "Isolation first"])
    .because(
        "Picks between equally strong options: microVMs pack denser than full VMs.",
        "k8s-pod-overhead",
    ),
    choice(
        "survive",
        Group::Survive,
        "What must it survive?",
        &["none", "host", "rack", "datacenter", "region", "planet"],
        1,
    )
    .labelled(&[
        "Nothing",
        "A host",
        "A rack (power feed, switch)",
        "A data center",
        "A region",
        "A planet (the moon rung)",
    ])
    .because(
        "Sets how far apart the copies must be: separate hosts, racks (power and switch), data centers, regions.",
        "aws-availability-zones",
    ),
    Question {
        key: "replicas",
        text: "How many copies?",
        group: Group::Survive,
        kind: QuestionKind::Number {
            min: 1,
            max: 64,
            default: 3,
        },
        why: "How many copies to place; how many must stay up is the next answer.",
        source: "aws-placement-spread",
        labels: &[],
    },
    choice(
        "state",
        Group::Survive,
        "How many copies must be up for it to work?",
        &["stateless", "replicated"],
        1,
    )
    .labelled(&[
        "One: it is stateless, any copy serves",
        "A majority: the copies replicate state",
    ])
    .because(
        "A stateless front end serves from any one copy; replicated state needs a majority up, so a failure may take fewer copies.",
        "k8s-pdb",
    ),
    choice(
        "platform",
        Group::Platform,
        "What does it run on today?",
        &["kubernetes", "vm-fleet", "bare-metal", "serverless"],
        0,
    )
    .labelled(&["Kubernetes", "VM fleet", "Bare metal", "Serverless"])
    .because(
        "Decides how the isolation is built: RuntimeClasses on Kubernetes, VMs on a VM fleet, a provider's microVMs on serverless.",
        "kata-virtualization",
    ),
    choice(
        "offering",
        Group::Platform,
        "Which Kubernetes, if any, runs it?",
        &["self-managed", "gke", "aks", "eks"],
        0,
    )
    .labelled(&[
        "Self-managed (or none)",
        "Google GKE",
        "Azure AKS",
        "Amazon EKS",
    ])
    .because(
        "Managed offerings bring their own sandboxes where nodes have no /dev/kvm: GKE Sandbox (gVisor), AKS Pod Sandboxing (Kata), EKS on Fargate (a microVM per pod).",
        "gke-sandbox",
    ),
    choice(
        "kvm",
        Group::Platform,
        "Is hardware virtualisation available to the nodes (bare metal or nested)?",
        &["yes", "no", "unknown"],
        2,
    )
    .labelled(&["Yes", "No", "Unknown"])
    .because(
        "MicroVMs need /dev/kvm on the node: bare metal or nested virtualisation.",
        "kata-virtualization",
    ),
];

/// The question with this key.
pub(super) fn find(key: &str) -> Option<&'static Question> {
    QUESTIONS.iter().find(|q| q.key == key)
}

impl Question {
    /// The source behind this question's "why we ask" line.
    pub fn cited(&self) -> crate::source::Source {
        crate::source::cite(self.source)
    }

    /// The option ids of a choice or set question (empty for a number).
    pub fn options(&self) -> &'static [&'static str] {
        match self.kind {
            QuestionKind::Choice { options, .. } | QuestionKind::Set { options } => options,
            QuestionKind::Number { .. } => &[],
        }
    }

    /// The label of one of this question's options, if it has that option.
    pub fn label(&self, option: &str) -> Option<&'static str> {
        let index = self.options().iter().position(|o| *o == option)?;
        self.labels.get(index).copied()
    }

    /// The value an unanswered question takes.
    pub fn default_value(&self) -> Value {
        match self.kind {
            QuestionKind::Choice { options, default } => Value::Choice(options[default]),
            QuestionKind::Set { .. } => Value::Set(BTreeSet::new()),
            QuestionKind::Number { default, .. } => Value::Number(default),
        }
    }

    fn option(&self, text: &str) -> Result<&'static str, Warning> {
        self.options()
            .iter()
            .copied()
            .find(|option| *option == text)
            .ok_or_else(|| Warning {
                key: self.key.to_owned(),
                message: format!(
                    "unknown value `{}` for `{}` ignored (expected one of: {})",
                    shorten(text),
                    self.key,
                    self.options().join(", ")
                ),
            })
    }

    fn number(&self, n: Option<i64>, shown: &str) -> Result<Value, Warning> {
        let QuestionKind::Number { min, max, .. } = self.kind else {
            unreachable!("number() is only called for number questions")
        };
        match n {
            Some(n) if n >= i64::from(min) && n <= i64::from(max) => Ok(Value::Number(n as u32)),
            _ => Err(Warning {
                key: self.key.to_owned(),
                message: format!(
                    "`{}` must be a whole number from {min} to {max}, got `{}`; the default is used",
                    self.key,
                    shorten(shown)
                ),
            }),
        }
    }

    /// Parses the textual form used in URLs (`regimes` comma-separated).
    pub(super) fn parse_text(&self, text: &str) -> Result<Value, Warning> {
        match self.kind {
            QuestionKind::Choice { .. } => self.option(text).map(Value::Choice),
            QuestionKind::Set { .. } => {
                let items = text
                    .split(',')
                    .map(str::trim)
                    .filter(|item| !item.is_empty());
                items
                    .map(|item| self.option(item))
                    .collect::<Result<BTreeSet<_>, _>>()
                    .map(Value::Set)
            }
            QuestionKind::Number { .. } => self.number(text.trim().parse().ok(), text),
        }
    }

    /// Parses the JSON form: a string, an array of strings (`regimes`), or an integer.
    pub(super) fn parse_json(&self, json: &Json) -> Result<Value, Warning> {
        let wrong_type = |expected: &str| Warning {
            key: self.key.to_owned(),
            message: format!(
                "`{}` must be {expected}, found {}; the default is used",
                self.key,
                json_kind(json)
            ),
        };
        match (self.kind, json) {
            (QuestionKind::Choice { .. }, Json::String(text)) => {
                self.option(text).map(Value::Choice)
            }
            (QuestionKind::Choice { .. }, _) => Err(wrong_type("a string")),
            (QuestionKind::Set { .. }, Json::String(text)) => self.parse_text(text),
            (QuestionKind::Set { .. }, Json::Array(items)) => {
                let mut set = BTreeSet::new();
                for item in items {
                    let text = item
                        .as_str()
                        .ok_or_else(|| wrong_type("an array of strings"))?;
                    set.insert(self.option(text)?);
                }
                Ok(Value::Set(set))
            }
            (QuestionKind::Set { .. }, _) => Err(wrong_type("an array of strings")),
            (QuestionKind::Number { .. }, Json::Number(n)) => {
                self.number(n.as_i64(), &n.to_string())
            }
            (QuestionKind::Number { .. }, _) => Err(wrong_type("a whole number")),
        }
    }

    /// The textual form of a value (inverse of `parse_text`).
    pub(super) fn format_text(&self, value: &Value) -> String {
        match value {
            Value::Choice(option) => (*option).to_owned(),
            Value::Set(set) => set.iter().copied().collect::<Vec<_>>().join(","),
            Value::Number(n) => n.to_string(),
        }
    }
}

/// Keeps echoed user input short, so a huge bad value cannot flood a message.
fn shorten(text: &str) -> String {
    const LIMIT: usize = 60;
    if text.chars().count() <= LIMIT {
        text.to_owned()
    } else {
        let head: String = text.chars().take(LIMIT).collect();
        format!("{head}…")
    }
}

/// An option of a question as people read it, from the question table
/// (`performance`, `io-heavy` → "I/O-heavy"); the id itself for an option the question lacks.
pub fn option_label(key: &str, option: &'static str) -> &'static str {
    find(key).and_then(|q| q.label(option)).unwrap_or(option)
}

/// Whether `key` is a question and `option` one of its options.
pub(crate) fn is_option(key: &str, option: &str) -> bool {
    find(key).is_some_and(|q| q.options().contains(&option))
}
