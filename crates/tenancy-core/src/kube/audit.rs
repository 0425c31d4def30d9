//! The audit of a workload on given nodes (`tenancy check k8s`): what the twin guarantees (its
//! worst case under adversarial tie-breaks), its distribution over seeded runs, our optimum for
//! the same hard rules (the solver), and the smallest change to the manifest that closes the gap
//! (worded by `report::twins`); and the twin's nodes, read or standing in for a topology's hosts.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::cluster::Cluster;
use super::labels::Selector;
use super::manifest::{Kind, POD_TEMPLATE_HASH, Workload};
use super::model::{HOSTNAME, Node, Spread, WhenUnsatisfiable};
use super::read::read_nodes;
use super::scenario::{live_pods, scale_up};
use super::schedule::{Adversary, Prng, Scheduler, TieBreak};
use crate::availability::{Availability, assess};
use crate::export::{
    Guarantee, Options, POOL_LABEL, guarantee_of_rules, node_keys, rules_in_words,
};
use crate::import::{ImportError, import_kubectl};
use crate::plan::{Plan, plan};
use crate::request::{Limit, Request, Rule, majority};
use crate::topology::{HOST_KIND, Topology};

/// Seeded runs by default.
pub const DEFAULT_RUNS: u32 = 50;

/// Nodes twice over: as the twin's nodes and as a topology of failure domains (host `i` is node
/// `i`), with the node label behind each kind.
#[derive(Debug, Clone)]
pub struct Estate {
    /// The twin's nodes.
    pub nodes: Vec<Node>,
    /// The same nodes as a topology.
    pub topology: Topology,
    /// Per kind of the topology, then `host`: the node label whose values are its domains.
    pub keys: Vec<(String, String)>,
    /// What the topology importer noticed (cordoned nodes and the like).
    pub warnings: Vec<String>,
}

impl Estate {
    /// Reads `kubectl get nodes -o json`.
    pub fn read(text: &str) -> Result<Estate, ImportError> {
        let nodes = read_nodes(text)?;
        let imported = import_kubectl(text)?;
        let topology = imported.topology;
        let mut keys = Vec::new();
        for kind in &topology.kinds {
            // The label that gives this kind on the most nodes and never disagrees with it (a
            // node with only the deprecated zone label simply lacks the current one).
            let mut count: BTreeMap<&str, usize> = BTreeMap::new();
            let mut disagree: std::collections::BTreeSet<&str> = Default::default();
            for host in &topology.hosts {
                for (key, value) in &host.labels {
                    match host.domains.get(kind) {
                        Some(domain) if domain == value => *count.entry(key).or_insert(0) += 1,
                        _ => {
                            disagree.insert(key);
                        }
                    }
                }
            }
            let best = count
                .iter()
                .filter(|(key, _)| !disagree.contains(*key))
                .max_by_key(|(key, n)| (**n, std::cmp::Reverse(**key)));
            if let Some((key, _)) = best {
                keys.push((kind.clone(), (*key).to_owned()));
            }
        }
        keys.push((HOST_KIND.to_owned(), HOSTNAME.to_owned()));
        let mut warnings = imported.warnings;
        for node in nodes.iter().filter(|n| !n.labels.contains_key(HOSTNAME)) {
            warnings.push(format!(
                "node `{}` has no `{HOSTNAME}` label (the kubelet normally sets it): anti-affinity and spread per host cannot see it, so it can take every replica",
                node.name
            ));
        }
        Ok(Estate {
            nodes,
            topology,
            keys,
            warnings,
        })
    }

    /// The nodes a manifest runs on when the topology is not a node list, labelled as our
    /// Kubernetes export (with the default options) tells the operator to label them: see
    /// [`Estate::labelled`], with the dedicated pool when `workload` asks for it.
    pub fn from_topology(topology: &Topology, request: &Request, workload: &Workload) -> Estate {
        let pool = workload.template.node_selector.get(POOL_LABEL);
        let keys = node_keys(topology, &Options::default());
        Estate::labelled(topology, keys, request, pool.map(String::as_str))
    }

    /// The twin's nodes for a topology: one node per host, of the same name, cordoned when the
    /// host has no slot, carrying the host's own labels and, where the host lacks them, per kind
    /// its domain under that kind's label in `keys` and the kubelet's hostname label. On a
    /// topology that is not a node list, the hosts `request` selects also carry `pool` under
    /// [`POOL_LABEL`] (the export's header tells the operator to label them so); a node list's
    /// nodes are taken as they are. The estate's topology is the topology with its hosts
    /// labelled as their nodes, so that our optimum selects hosts as the scheduler selects nodes.
    pub(crate) fn labelled(
        topology: &Topology,
        mut keys: Vec<(String, String)>,
        request: &Request,
        pool: Option<&str>,
    ) -> Estate {
        keys.push((HOST_KIND.to_owned(), HOSTNAME.to_owned()));
        let node_list = topology
            .hosts
            .iter()
            .any(|h| h.labels.contains_key(HOSTNAME));
        let mut labelled = topology.clone();
        let mut nodes = Vec::with_capacity(topology.hosts.len());
        for host in &mut labelled.hosts {
            for (kind, key) in &keys {
                let domain = match kind.as_str() {
                    HOST_KIND => Some(&host.name),
                    kind => host.domains.get(kind),
                };
                if let Some(domain) = domain {
                    host.labels
                        .entry(key.clone())
                        .or_insert_with(|| domain.clone());
                }
            }
            if let Some(pool) = pool.filter(|_| !node_list && request.selects(host)) {
                host.labels.insert(POOL_LABEL.to_owned(), pool.to_owned());
            }
            let mut node = Node::new(&host.name, host.labels.clone());
            node.unschedulable = host.slots == 0;
            nodes.push(node);
        }
        Estate {
            nodes,
            topology: labelled,
            keys,
            warnings: Vec::new(),
        }
    }

    /// The kind whose domains are the values of node label `key`.
    pub fn kind_of(&self, key: &str) -> Option<&str> {
        self.keys
            .iter()
            .find(|(_, k)| k == key)
            .map(|(kind, _)| kind.as_str())
    }

    /// The node label of a kind, accepting the Kubernetes words `zone`, `region` and `node` too.
    pub fn key_of(&self, kind: &str) -> Option<(&str, &str)> {
        let wanted = match kind {
            "zone" => super::model::ZONE,
            "region" => super::model::REGION,
            "node" | "host" | "hostname" => HOSTNAME,
            other => {
                return self
                    .keys
                    .iter()
                    .find(|(k, _)| k == other)
                    .map(|(k, v)| (k.as_str(), v.as_str()));
            }
        };
        self.keys
            .iter()
            .find(|(_, v)| v == wanted)
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Each node's domain per kind, as numbers, for the adversary.
    fn adversary(&self, ours: Vec<bool>) -> Adversary {
        let domains = self
            .keys
            .iter()
            .map(|(_, key)| {
                let mut ids: HashMap<&str, u32> = HashMap::new();
                self.nodes
                    .iter()
                    .map(|n| match n.labels.get(key) {
                        Some(v) => {
                            let next = ids.len() as u32;
                            *ids.entry(v.as_str()).or_insert(next)
                        }
                        None => u32::MAX,
                    })
                    .collect()
            })
            .collect();
        Adversary { domains, ours }
    }
}

/// Where the twin put the replicas, and what that buys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// The node of each replica in creation order; `null` for one left Pending.
    pub nodes: Vec<Option<String>>,
    /// Replicas left Pending.
    pub pending: u32,
    /// Why the next replica would stay Pending, as `kubectl describe pod` words it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why_pending: Option<String>,
    /// Per kind (widest first, then host): replicas per domain.
    pub spread: Vec<(String, BTreeMap<String, u32>)>,
    /// The availability of the placement (a Pending replica counts as down).
    pub availability: Availability,
}

impl Outcome {
    /// Replicas per domain of one kind (`host` included); `None` for a kind the nodes lack.
    pub fn spread_of(&self, kind: &str) -> Option<&BTreeMap<String, u32>> {
        self.spread
            .iter()
            .find(|(k, _)| k == kind)
            .map(|(_, domains)| domains)
    }
}

/// How the seeded runs came out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribution {
    /// How many runs.
    pub runs: u32,
    /// The first seed (run i uses seed + i).
    pub seed: u64,
    /// How many different placements (as multisets of nodes) the runs produced.
    pub distinct_placements: u32,
    /// Runs that left a replica Pending.
    pub runs_with_pending: u32,
    /// The probability of losing quorum: lowest, median, highest over the runs.
    #[serde(serialize_with = "crate::availability::figures::two_probability")]
    pub p_quorum_lost: [f64; 3],
    /// Per kind: in how many runs the quorum survives the worst single failure of that kind.
    pub survives: Vec<(String, u32)>,
}

/// A change to the manifest and what the worst case becomes with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fix {
    /// In words.
    pub change: String,
    /// The YAML to put under the pod template's `spec`.
    pub yaml: String,
    /// The twin's worst case with the change.
    pub worst: Availability,
}

/// The audit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Audit {
    /// `Deployment shop/web`.
    pub workload: String,
    /// Replicas.
    pub replicas: u32,
    /// Replicas that must be up.
    pub quorum: u32,
    /// The hard rules the manifest enforces, in our terms.
    pub rules: Vec<String>,
    /// The twin with adversarial tie-breaks: what the manifest guarantees on these nodes.
    pub worst: Outcome,
    /// The twin with random tie-breaks, seeded.
    pub distribution: Distribution,
    /// What the hard rules alone guarantee: the worst placement they allow (whatever order the
    /// pods come in and however ties are broken), on the availability model, beside the optimum.
    pub guarantee: Guarantee,
    /// Our solver's optimum under the same hard rules.
    pub optimum: Plan,
    /// The failure-domain kind that must be survived (`--survive`) and whether the worst case
    /// does.
    pub survive: Option<(String, bool)>,
    /// The smallest change found that closes the gap, if one is needed and found.
    pub fix: Option<Fix>,
    /// Whether a change is needed at all.
    pub gap: bool,
    /// Things worth knowing.
    pub warnings: Vec<String>,
}

/// What the audit may be told.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// Seeded runs for the distribution.
    pub runs: u32,
    /// The first seed.
    pub seed: u64,
    /// Replicas that must be up (default: a majority).
    pub quorum: Option<u32>,
    /// A kind (or `zone`, `region`, `node`) whose worst single failure must leave the quorum.
    pub survive: Option<String>,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            runs: DEFAULT_RUNS,
            seed: 1,
            quorum: None,
            survive: None,
        }
    }
}

/// Why an audit cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditError {
    /// `--survive` names no kind of these nodes.
    #[error("--survive {0}: no such failure domain on these nodes (known: {1})")]
    UnknownKind(String, String),
    /// A quorum larger than the replicas.
    #[error("--quorum {0} is more than the {1} replicas")]
    Quorum(u32, u32),
}

/// Runs the twin once from zero with these tie-breaks; the cluster and the template index.
pub fn run(estate: &Estate, workload: &Workload, ties: TieBreak) -> (Cluster, usize) {
    let (cluster, template, _) = run_with_ties(estate, workload, ties);
    (cluster, template)
}

/// [`run`], also giving the number of tied nodes at each decision that met a tie, in order.
fn run_with_ties(
    estate: &Estate,
    workload: &Workload,
    ties: TieBreak,
) -> (Cluster, usize, Vec<usize>) {
    let mut cluster = Cluster::new(estate.nodes.clone());
    let template = cluster.add_template(workload.template.clone());
    let mut scheduler = Scheduler::new(&cluster, ties);
    let tied = scale_up(&mut cluster, &mut scheduler, template, workload.replicas)
        .iter()
        .filter(|d| d.tied > 1)
        .map(|d| d.tied)
        .collect();
    (cluster, template, tied)
}

/// The worst-case tie-breaks for a workload whose pods are the templates marked in `ours`.
pub fn worst_ties(estate: &Estate, ours: Vec<bool>) -> TieBreak {
    TieBreak::Worst(estate.adversary(ours))
}

/// The replicas' host indices (pending ones out of range, so counted down).
fn hosts(estate: &Estate, cluster: &Cluster, template: usize, replicas: u32) -> Vec<usize> {
    let mut out: Vec<usize> = live_pods(cluster, &[template])
        .iter()
        .map(|&p| cluster.pods[p].node)
        .collect();
    while out.len() < replicas as usize {
        out.push(estate.topology.hosts.len());
    }
    out
}

/// The outcome of a run.
pub fn outcome(
    estate: &Estate,
    cluster: &Cluster,
    template: usize,
    replicas: u32,
    quorum: u32,
) -> Outcome {
    let placed = hosts(estate, cluster, template, replicas);
    let nodes: Vec<Option<String>> = placed
        .iter()
        .map(|&h| estate.nodes.get(h).map(|n| n.name.clone()))
        .collect();
    let pending = nodes.iter().filter(|n| n.is_none()).count() as u32;
    let spread = estate
        .keys
        .iter()
        .map(|(kind, _)| {
            let mut per: BTreeMap<String, u32> = BTreeMap::new();
            for host in placed.iter().filter_map(|&h| estate.topology.hosts.get(h)) {
                if let Some(domain) = host.domain(kind) {
                    *per.entry(domain.to_owned()).or_insert(0) += 1;
                }
            }
            (kind.clone(), per)
        })
        .collect();
    let why_pending = (pending > 0).then(|| {
        let decision = Scheduler::new(cluster, TieBreak::First).decide(cluster, template);
        let reasons: Vec<String> = decision
            .rejected
            .iter()
            .map(|(r, n)| format!("{n} {r}"))
            .collect();
        format!(
            "0/{} nodes are available: {}",
            decision.evaluated,
            reasons.join(", ")
        )
    });
    Outcome {
        nodes,
        pending,
        why_pending,
        spread,
        availability: assess(&estate.topology, &placed, quorum),
    }
}

/// The hard rules of a template in our terms, and what could not be translated.
pub fn rules(estate: &Estate, workload: &Workload) -> (Vec<Rule>, Vec<String>) {
    let t = &workload.template;
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for s in t
        .spread
        .iter()
        .filter(|s| s.when == WhenUnsatisfiable::DoNotSchedule)
    {
        match estate.kind_of(&s.topology_key) {
            Some(kind) => {
                out.push(Rule { kind: kind.to_owned(), limit: Limit::MaxSkew(s.max_skew) });
                if let Some(n) = s.min_domains {
                    out.push(Rule { kind: kind.to_owned(), limit: Limit::MinDomains(n) });
                }
            }
            None => warnings.push(format!(
                "the spread constraint on `{}` matches no failure-domain kind of these nodes; the optimum ignores it",
                s.topology_key
            )),
        }
    }
    let cluster = Cluster::default();
    for term in &t.anti_affinity.required {
        if !cluster.term_selects(term, &t.namespace, t) {
            continue;
        }
        match estate.kind_of(&term.topology_key) {
            Some(kind) => out.push(Rule { kind: kind.to_owned(), limit: Limit::MaxPerDomain(1) }),
            None => warnings.push(format!(
                "the anti-affinity on `{}` matches no failure-domain kind of these nodes; the optimum ignores it",
                term.topology_key
            )),
        }
    }
    if t.node_required.is_some() {
        warnings.push(
            "required node affinity is not translated to the optimum's host selection".to_owned(),
        );
    }
    (out, warnings)
}

fn describe(rule: &Rule) -> String {
    match rule.limit {
        Limit::MaxSkew(n) => format!("{}: max skew {n}", rule.kind),
        Limit::MinDomains(n) => format!("{}: at least {n} domains", rule.kind),
        Limit::MaxPerDomain(n) => format!("{}: at most {n} per domain", rule.kind),
    }
}

/// The topology and request our optimum and the rules' guarantee are computed on: the same
/// hard rules, and every schedulable node may take any number of replicas, as Kubernetes allows.
fn rules_request(
    estate: &Estate,
    workload: &Workload,
    rules: Vec<Rule>,
    quorum: u32,
) -> (Topology, Request) {
    let mut topology = estate.topology.clone();
    for host in &mut topology.hosts {
        if host.slots > 0 {
            host.slots = workload.replicas.max(1);
        }
    }
    let mut request = Request::new(workload.replicas);
    request.quorum = quorum;
    request.select = workload.template.node_selector.clone();
    request.rules = rules;
    (topology, request)
}

/// The audit.
pub fn audit(
    estate: &Estate,
    workload: &Workload,
    options: &AuditOptions,
) -> Result<Audit, AuditError> {
    let replicas = workload.replicas;
    let quorum = options.quorum.unwrap_or_else(|| majority(replicas));
    if quorum > replicas {
        return Err(AuditError::Quorum(quorum, replicas));
    }
    let survive_kind = match &options.survive {
        None => None,
        Some(word) => Some(
            estate
                .key_of(word)
                .map(|(kind, _)| kind.to_owned())
                .ok_or_else(|| {
                    let known: Vec<&str> = estate.keys.iter().map(|(k, _)| k.as_str()).collect();
                    AuditError::UnknownKind(word.clone(), known.join(", "))
                })?,
        ),
    };
    let worst = worst_case(estate, workload, quorum);
    let distribution = distribution(estate, workload, quorum, options.runs, options.seed);
    let (rules, mut warnings) = rules(estate, workload);
    let described = rules.iter().map(describe).collect();
    let (topology, request) = rules_request(estate, workload, rules, quorum);
    let optimum = plan(&topology, &request);
    let guarantee = guarantee_of_rules(
        "k8s",
        &topology,
        &request,
        None,
        rules_in_words(&request, None),
        optimum.availability.clone(),
    );
    warnings.extend(estate.warnings.iter().cloned());
    let holds = |a: &Availability, kind: &str| {
        a.worst_single_failure
            .iter()
            .any(|f| f.kind == kind && f.quorum_survives)
    };
    let goal: Vec<String> = match &survive_kind {
        Some(kind) => vec![kind.clone()],
        None => optimum
            .availability
            .as_ref()
            .map(|a| {
                a.worst_single_failure
                    .iter()
                    .filter(|f| f.quorum_survives)
                    .map(|f| f.kind.clone())
                    .collect()
            })
            .unwrap_or_default(),
    };
    let meets = |a: &Availability| goal.iter().all(|k| holds(a, k));
    let gap = !meets(&worst.availability);
    let fix = if gap {
        find_fix(estate, workload, quorum, &meets, &goal)
    } else {
        None
    };
    let survive = survive_kind.map(|kind| {
        let ok = holds(&worst.availability, &kind);
        (kind, ok)
    });
    Ok(Audit {
        workload: format!(
            "{} {}/{}",
            workload.kind.name(),
            workload.namespace,
            workload.name
        ),
        replicas,
        quorum,
        rules: described,
        worst,
        distribution,
        guarantee,
        optimum,
        survive,
        fix,
        gap,
        warnings,
    })
}

/// Up to this many sequences of tie choices, the worst case is found by trying them all.
pub const EXHAUSTIVE_RUNS: usize = 256;

/// The twin's worst case: over every sequence of tie choices when there are at most
/// [`EXHAUSTIVE_RUNS`] of them, else the greedy adversary's (which picks, tie by tie, the node
/// whose domains already hold the most replicas, and can miss the true worst by a little).
pub fn worst_case(estate: &Estate, workload: &Workload, quorum: u32) -> Outcome {
    let (cluster, t) = run(estate, workload, worst_ties(estate, vec![true]));
    let mut worst = outcome(estate, &cluster, t, workload.replicas, quorum);
    let worse = |a: &Outcome, b: &Outcome| {
        (a.availability.p_quorum_lost, a.pending) > (b.availability.p_quorum_lost, b.pending)
    };
    let mut stack = vec![Vec::<usize>::new()];
    let mut runs = 0;
    while let Some(script) = stack.pop() {
        runs += 1;
        // Each sequence costs at most one run per tie on its way down: twice the leaves bounds it.
        if runs > 2 * EXHAUSTIVE_RUNS {
            break;
        }
        let (cluster, t, tied) =
            run_with_ties(estate, workload, TieBreak::Script(script.clone(), 0));
        if script.is_empty()
            && tied
                .iter()
                .try_fold(1usize, |n, &t| {
                    n.checked_mul(t).filter(|n| *n <= EXHAUSTIVE_RUNS)
                })
                .is_none()
        {
            break;
        }
        // The ties met beyond the script's end were resolved with 0: branch on the others.
        if let Some(&count) = tied.get(script.len()) {
            for choice in 1..count {
                let mut next = script.clone();
                next.push(choice);
                stack.push(next);
            }
            let mut zero = script;
            zero.push(0);
            stack.push(zero);
            continue;
        }
        let candidate = outcome(estate, &cluster, t, workload.replicas, quorum);
        if worse(&candidate, &worst) {
            worst = candidate;
        }
    }
    worst
}

/// Seeded runs.
pub fn distribution(
    estate: &Estate,
    workload: &Workload,
    quorum: u32,
    runs: u32,
    seed: u64,
) -> Distribution {
    let mut seen: HashMap<Vec<usize>, Availability> = HashMap::new();
    let mut lost = Vec::new();
    let mut pending_runs = 0;
    let mut survives: Vec<(String, u32)> =
        estate.keys.iter().map(|(k, _)| (k.clone(), 0)).collect();
    for i in 0..runs {
        let (cluster, t) = run(
            estate,
            workload,
            TieBreak::Random(Prng::new(seed.wrapping_add(u64::from(i)))),
        );
        let mut placed = hosts(estate, &cluster, t, workload.replicas);
        if placed.iter().any(|&h| h >= estate.nodes.len()) {
            pending_runs += 1;
        }
        placed.sort_unstable();
        let availability = seen
            .entry(placed.clone())
            .or_insert_with(|| assess(&estate.topology, &placed, quorum))
            .clone();
        lost.push(availability.p_quorum_lost);
        for (kind, count) in survives.iter_mut() {
            if availability
                .worst_single_failure
                .iter()
                .any(|f| &f.kind == kind && f.quorum_survives)
            {
                *count += 1;
            }
        }
    }
    lost.sort_by(f64::total_cmp);
    let pick = |q: usize| lost.get(q).copied().unwrap_or(f64::NAN);
    Distribution {
        runs,
        seed,
        distinct_placements: seen.len() as u32,
        runs_with_pending: pending_runs,
        p_quorum_lost: [
            pick(0),
            pick(lost.len() / 2),
            pick(lost.len().saturating_sub(1)),
        ],
        survives,
    }
}

/// A hard spread constraint on `key` selecting the workload's pods.
fn hard_spread(workload: &Workload, key: &str, min_domains: Option<u32>) -> Spread {
    let selector = workload.template.owner_selector.clone().or_else(|| {
        Some(Selector {
            match_labels: workload.template.labels.clone(),
            match_expressions: Vec::new(),
        })
    });
    let mut spread = Spread::new(1, key, WhenUnsatisfiable::DoNotSchedule, selector);
    spread.min_domains = min_domains;
    if workload.kind == Kind::Deployment {
        spread.match_label_keys = vec![POD_TEMPLATE_HASH.to_owned()];
    }
    spread
}

fn spread_yaml(spread: &Spread) -> String {
    let mut out = format!(
        "topologySpreadConstraints:\n  - maxSkew: {}\n    topologyKey: {}\n    whenUnsatisfiable: {}\n",
        spread.max_skew,
        spread.topology_key,
        if spread.when == WhenUnsatisfiable::DoNotSchedule {
            "DoNotSchedule"
        } else {
            "ScheduleAnyway"
        }
    );
    if let Some(n) = spread.min_domains {
        out.push_str(&format!("    minDomains: {n}\n"));
    }
    if let Some(selector) = &spread.selector {
        out.push_str("    labelSelector:\n      matchLabels:\n");
        for (k, v) in &selector.match_labels {
            out.push_str(&format!("        {k}: {v:?}\n"));
        }
    }
    if !spread.match_label_keys.is_empty() {
        out.push_str(&format!(
            "    matchLabelKeys: [{}]\n",
            spread.match_label_keys.join(", ")
        ));
    }
    out
}

/// Tries the candidate changes in order of size and returns the first whose worst case meets
/// the goal: harden one soft constraint; add a hard spread (max skew 1) on a kind the goal
/// needs; the same with `minDomains`.
fn find_fix(
    estate: &Estate,
    workload: &Workload,
    quorum: u32,
    meets: &dyn Fn(&Availability) -> bool,
    goal: &[String],
) -> Option<Fix> {
    let mut candidates: Vec<(String, Workload, Spread)> = Vec::new();
    let mut combined_yaml: Option<String> = None;
    for (i, s) in workload.template.spread.iter().enumerate() {
        if s.when == WhenUnsatisfiable::ScheduleAnyway {
            let mut w = workload.clone();
            w.template.spread[i].when = WhenUnsatisfiable::DoNotSchedule;
            let change = format!(
                "make the spread constraint on `{}` hard (whenUnsatisfiable: DoNotSchedule)",
                s.topology_key
            );
            candidates.push((change, w.clone(), w.template.spread[i].clone()));
        }
    }
    for kind in goal {
        let Some((_, key)) = estate.key_of(kind) else {
            continue;
        };
        let domains = estate
            .nodes
            .iter()
            .filter_map(|n| n.labels.get(key))
            .collect::<std::collections::BTreeSet<_>>()
            .len() as u32;
        for min_domains in [None, Some(domains.min(workload.replicas))] {
            let spread = hard_spread(workload, key, min_domains.filter(|n| *n > 1));
            let mut w = workload.clone();
            w.template.spread.retain(|s| s.topology_key != key);
            w.template.spread.push(spread.clone());
            let change = match spread.min_domains {
                None => {
                    format!("spread the replicas over `{key}` with a hard constraint (maxSkew 1)")
                }
                Some(n) => format!(
                    "spread the replicas over `{key}` with a hard constraint (maxSkew 1, minDomains {n})"
                ),
            };
            candidates.push((change, w, spread));
        }
    }
    // All the goal kinds at once, when no single constraint is enough.
    let mut all = workload.clone();
    let mut spreads = Vec::new();
    for kind in goal {
        let Some((_, key)) = estate.key_of(kind) else {
            continue;
        };
        if spreads.iter().any(|s: &Spread| s.topology_key == key) {
            continue;
        }
        let spread = hard_spread(workload, key, None);
        all.template.spread.retain(|s| s.topology_key != key);
        all.template.spread.push(spread.clone());
        spreads.push(spread);
    }
    if spreads.len() > 1 {
        let keys: Vec<&str> = spreads.iter().map(|s| s.topology_key.as_str()).collect();
        let change = format!(
            "spread the replicas over each of {} with hard constraints (maxSkew 1)",
            keys.join(", ")
        );
        let yaml = spreads
            .iter()
            .map(spread_yaml)
            .enumerate()
            .map(|(i, y)| {
                if i == 0 {
                    y
                } else {
                    y.lines().skip(1).map(|l| format!("{l}\n")).collect()
                }
            })
            .collect::<String>();
        candidates.push((
            change,
            all,
            Spread {
                ..spreads[0].clone()
            },
        ));
        combined_yaml = Some(yaml);
    }
    let last = candidates.len();
    candidates
        .into_iter()
        .enumerate()
        .find_map(|(i, (change, w, spread))| {
            let yaml = if i + 1 == last && combined_yaml.is_some() {
                combined_yaml.clone().unwrap_or_default()
            } else {
                spread_yaml(&spread)
            };
            let worst = worst_case(estate, &w, quorum);
            (worst.pending == 0 && meets(&worst.availability)).then_some(Fix {
                change,
                yaml,
                worst: worst.availability,
            })
        })
}

impl Audit {
    /// Whether the worst case misses the `--survive` level (the command then exits 1).
    pub fn fails_survive(&self) -> bool {
        self.survive.as_ref().is_some_and(|(_, ok)| !ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kube::manifest::read_workloads;

    const NODES: &str = include_str!("../../tests/fixtures/k8s-nodes-3-zones.json");
    const ODD_NODES: &str = include_str!("../../tests/fixtures/kubectl-nodes.json");

    fn audit_on(nodes: &str, manifest: &str, survive: Option<&str>) -> Audit {
        let estate = Estate::read(nodes).unwrap();
        let workload = read_workloads(manifest).unwrap().remove(0);
        let options = AuditOptions {
            runs: 20,
            survive: survive.map(str::to_owned),
            ..AuditOptions::default()
        };
        audit(&estate, &workload, &options).unwrap()
    }

    fn audit_of(manifest: &str, survive: Option<&str>) -> Audit {
        audit_on(NODES, manifest, survive)
    }

    #[test]
    fn the_hard_rules_guarantee_no_more_than_any_twin_run() {
        // The twin's placements meet the manifest's hard rules, so none is worse than the worst
        // placement those rules allow (the search is exhaustive on these nodes).
        for manifest in [
            include_str!("../../tests/fixtures/k8s-deployment-spread.yaml"),
            include_str!("../../tests/fixtures/k8s-statefulset-anti-affinity.yaml"),
            include_str!("../../tests/fixtures/k8s-helm-multidoc.yaml"),
        ] {
            let audit = audit_of(manifest, None);
            let g = &audit.guarantee;
            assert_eq!(
                g.method,
                crate::export::GuaranteeMethod::Exhaustive,
                "{g:?}"
            );
            let guaranteed = g.worst.as_ref().unwrap().availability.p_quorum_lost;
            assert!(
                audit.worst.pending == 0,
                "{}",
                crate::report::twins::audit_text(&audit)
            );
            assert!(
                guaranteed >= audit.worst.availability.p_quorum_lost,
                "{}",
                crate::report::twins::audit_text(&audit)
            );
            assert!(
                guaranteed >= audit.distribution.p_quorum_lost[2],
                "{}",
                crate::report::twins::audit_text(&audit)
            );
            assert!(crate::report::twins::audit_text(&audit).contains("the hard rules alone"));
        }
    }

    /// A Deployment of three that asks for the dedicated pool `api`.
    const POOLED: &str = "kind: Deployment
metadata: {name: api}
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      nodeSelector: {tenancy-scale.dev/pool: api}
      containers: [{name: api}]
";

    #[test]
    fn stand_in_nodes_are_labelled_as_our_export_tells_the_operator() {
        let mut topology = crate::topology::default_topology();
        topology.hosts[0].slots = 0;
        let mut request = Request::new(3);
        request
            .select
            .insert("pool".to_owned(), "dedicated".to_owned());
        let workload = read_workloads(POOLED).unwrap().remove(0);
        let estate = Estate::from_topology(&topology, &request, &workload);
        assert_eq!(estate.nodes.len(), topology.hosts.len());
        // Every kind under the label the export writes for it, then the kubelet's hostname.
        assert_eq!(estate.keys.len(), topology.kinds.len() + 1);
        assert_eq!(
            estate.key_of("datacenter"),
            Some(("datacenter", "topology.kubernetes.io/zone"))
        );
        assert_eq!(
            estate.key_of("rack"),
            Some(("rack", "topology.tenancy-scale.dev/rack"))
        );
        for ((node, host), labelled) in estate
            .nodes
            .iter()
            .zip(&topology.hosts)
            .zip(&estate.topology.hosts)
        {
            assert_eq!(node.name, host.name);
            assert_eq!(node.unschedulable, host.slots == 0, "{}", host.name);
            assert_eq!(node.labels.get(HOSTNAME), Some(&host.name));
            for (kind, key) in &estate.keys[..topology.kinds.len()] {
                assert_eq!(node.labels.get(key), host.domains.get(kind), "{key}");
            }
            // The pool's label only where the request selects (a host with a slot in the pool).
            let pooled = request.selects(host);
            assert_eq!(
                node.labels.get(POOL_LABEL).map(String::as_str),
                pooled.then_some("api"),
                "{}",
                host.name
            );
            // Our optimum reads the hosts as the scheduler reads the nodes.
            assert_eq!(labelled.labels, node.labels);
        }
        assert!(
            estate
                .nodes
                .iter()
                .any(|n| n.labels.contains_key(POOL_LABEL))
        );

        // A node list's nodes are taken as they are: their own labels, no pool assumed.
        let nodes = Estate::read(NODES).unwrap();
        let again = Estate::from_topology(&nodes.topology, &Request::new(3), &workload);
        for (node, read) in again.nodes.iter().zip(&nodes.nodes) {
            assert!(!node.labels.contains_key(POOL_LABEL));
            for (key, value) in &read.labels {
                assert_eq!(node.labels.get(key), Some(value), "{key}");
            }
        }
    }

    #[test]
    fn the_estate_knows_each_kinds_label() {
        let estate = Estate::read(ODD_NODES).unwrap();
        assert_eq!(
            estate.key_of("zone"),
            Some(("datacenter", "topology.kubernetes.io/zone"))
        );
        assert_eq!(
            estate.key_of("rack"),
            Some(("rack", "topology.example.com/rack"))
        );
        assert_eq!(estate.key_of("node"), Some(("host", HOSTNAME)));
    }

    #[test]
    fn a_hard_host_spread_puts_one_replica_per_schedulable_node() {
        let audit = audit_on(
            ODD_NODES,
            include_str!("../../tests/fixtures/k8s-deployment-spread.yaml"),
            Some("zone"),
        );
        assert_eq!(audit.worst.pending, 0);
        let hosts = audit.worst.spread_of(HOST_KIND).unwrap();
        assert!(hosts.values().all(|&n| n == 1), "{hosts:?}");
        for name in ["cp-1", "worker-c1", "gpu-c1"] {
            assert!(
                !audit.worst.nodes.iter().flatten().any(|n| n == name),
                "{name} is tainted or cordoned"
            );
        }
    }

    #[test]
    fn a_node_without_the_hostname_label_defeats_host_anti_affinity() {
        // `edge-galway-1` has no hostname label: the anti-affinity cannot see it and the scores
        // favour it, so it takes all three members, as kube-scheduler would; the audit says why.
        let audit = audit_on(
            ODD_NODES,
            include_str!("../../tests/fixtures/k8s-statefulset-anti-affinity.yaml"),
            None,
        );
        let hosts = audit.worst.spread_of(HOST_KIND).unwrap();
        assert_eq!(hosts.get("edge-galway-1"), Some(&3));
        assert!(
            audit
                .warnings
                .iter()
                .any(|w| w.contains("edge-galway-1") && w.contains(HOSTNAME))
        );
    }

    #[test]
    fn a_soft_zone_spread_on_three_even_zones_needs_no_change() {
        let audit = audit_of(
            include_str!("../../tests/fixtures/k8s-deployment-spread.yaml"),
            Some("zone"),
        );
        assert_eq!(audit.worst.pending, 0);
        assert!(
            !audit.gap && !audit.fails_survive(),
            "{}",
            crate::report::twins::audit_text(&audit)
        );
    }

    #[test]
    fn a_statefulset_with_required_anti_affinity_gets_three_hosts() {
        let audit = audit_of(
            include_str!("../../tests/fixtures/k8s-statefulset-anti-affinity.yaml"),
            None,
        );
        assert_eq!(audit.rules, vec!["host: at most 1 per domain".to_owned()]);
        let hosts = audit.worst.spread_of(HOST_KIND).unwrap();
        assert_eq!(hosts.len(), 3);
    }

    #[test]
    fn helm_output_is_audited_and_spreads_on_empty_nodes() {
        let audit = audit_of(
            include_str!("../../tests/fixtures/k8s-helm-multidoc.yaml"),
            Some("zone"),
        );
        assert_eq!(audit.workload, "Deployment default/release-api");
        assert!(audit.rules.is_empty());
        // On empty nodes the system default spreading already puts one replica per zone.
        let zones = audit.worst.spread_of("datacenter").unwrap();
        assert_eq!(zones.values().copied().collect::<Vec<_>>(), vec![1, 1, 1]);
        assert!(!audit.gap && !audit.fails_survive());
    }

    #[test]
    fn a_soft_zone_spread_loses_to_a_prefer_no_schedule_taint_and_the_fix_hardens_it() {
        // Zones b and c carry a PreferNoSchedule taint: the taint score (weight 3) outweighs the
        // soft spread (weight 2), so every replica lands in zone a; hardening the spread fixes it.
        let mut nodes: serde_json::Value = serde_json::from_str(NODES).unwrap();
        for item in nodes["items"].as_array_mut().unwrap() {
            let zone = item["metadata"]["labels"]["topology.kubernetes.io/zone"]
                .as_str()
                .unwrap()
                .to_owned();
            if zone != "eu-west-1a" {
                item["spec"]["taints"] =
                    serde_json::json!([{"key": "example.com/spot", "effect": "PreferNoSchedule"}]);
            }
        }
        let manifest = include_str!("../../tests/fixtures/k8s-deployment-spread.yaml");
        let audit = audit_on(&nodes.to_string(), manifest, Some("zone"));
        let zones = audit.worst.spread_of("datacenter").unwrap();
        assert_eq!(zones.get("eu-west-1a"), Some(&4), "{zones:?}");
        assert!(audit.gap && audit.fails_survive());
        let fix = audit.fix.expect("a fix");
        assert!(fix.change.contains("hard"), "{}", fix.change);
        assert!(
            fix.worst
                .worst_single_failure
                .iter()
                .any(|f| f.kind == "datacenter" && f.quorum_survives)
        );
    }

    /// Every sequence of tie choices, depth first: the scripts of all runs and their outcomes.
    fn every_run(estate: &Estate, workload: &Workload, quorum: u32) -> Vec<f64> {
        let mut out = Vec::new();
        let mut stack = vec![Vec::<usize>::new()];
        while let Some(script) = stack.pop() {
            let (cluster, t, tied) =
                run_with_ties(estate, workload, TieBreak::Script(script.clone(), 0));
            // The ties met beyond the script's end were resolved with 0: branch on the others.
            if tied.len() > script.len() {
                for choice in 0..tied[script.len()] {
                    let mut next = script.clone();
                    next.push(choice);
                    stack.push(next);
                }
                continue;
            }
            out.push(
                outcome(estate, &cluster, t, workload.replicas, quorum)
                    .availability
                    .p_quorum_lost,
            );
        }
        out
    }

    #[test]
    fn the_adversary_is_no_better_than_any_run_on_small_clusters() {
        // Six nodes in two zones (three and three), soft and absent spreading: every sequence of
        // tie choices is run and none is worse than the adversary's.
        let nodes = serde_json::json!({"kind": "List", "items": (0..6).map(|i| serde_json::json!({
            "metadata": {"name": format!("n{i}"), "labels": {
                HOSTNAME: format!("n{i}"),
                "topology.kubernetes.io/zone": if i < 3 { "z1" } else { "z2" },
                "topology.example.com/rack": format!("r{}", i / 2)}}})).collect::<Vec<_>>()});
        let estate = Estate::read(&nodes.to_string()).unwrap();
        for manifest in [
            include_str!("../../tests/fixtures/k8s-helm-multidoc.yaml").to_owned(),
            include_str!("../../tests/fixtures/k8s-deployment-spread.yaml")
                .replace("replicas: 5", "replicas: 3"),
        ] {
            let workload = read_workloads(&manifest).unwrap().remove(0);
            let quorum = majority(workload.replicas);
            let worst = worst_case(&estate, &workload, quorum)
                .availability
                .p_quorum_lost;
            let runs = every_run(&estate, &workload, quorum);
            assert!(runs.len() > 1, "ties were met");
            let truly_worst = runs.iter().copied().fold(0.0, f64::max);
            assert!(
                worst >= truly_worst * (1.0 - 1e-9),
                "adversary {worst:e} < exhaustive {truly_worst:e} over {} runs",
                runs.len()
            );
        }
    }
}
