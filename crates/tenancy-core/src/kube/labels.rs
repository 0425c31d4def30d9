//! Labels and the two selector languages of Kubernetes: label selectors (`matchLabels`,
//! `matchExpressions` with In/NotIn/Exists/DoesNotExist) for pods and namespaces, and node
//! selector terms (adding Gt/Lt and `matchFields` on `metadata.name`) for node affinity.

use std::collections::BTreeMap;

/// A label set, ordered so that anything printed from it is stable.
pub type Labels = BTreeMap<String, String>;

/// An operator of a label-selector requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOp {
    /// The label is present with one of the values.
    In,
    /// The label is absent, or present with none of the values.
    NotIn,
    /// The label is present.
    Exists,
    /// The label is absent.
    DoesNotExist,
}

/// One requirement of a label selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// The label key.
    pub key: String,
    /// How the values are used.
    pub op: SetOp,
    /// The values (empty for Exists and DoesNotExist).
    pub values: Vec<String>,
}

impl Requirement {
    /// Whether a label set satisfies the requirement.
    pub fn matches(&self, labels: &Labels) -> bool {
        set_matches(
            self.op,
            labels.get(&self.key).map(String::as_str),
            &self.values,
        )
    }
}

/// Whether a value (`None`: the label is absent) satisfies a set operator over `values`.
fn set_matches(op: SetOp, value: Option<&str>, values: &[String]) -> bool {
    match op {
        SetOp::In => value.is_some_and(|v| values.iter().any(|x| x == v)),
        SetOp::NotIn => value.is_none_or(|v| values.iter().all(|x| x != v)),
        SetOp::Exists => value.is_some(),
        SetOp::DoesNotExist => value.is_none(),
    }
}

/// A label selector. The empty selector matches everything; an absent (`null`) selector is
/// modelled as `Option::None` by its holders and matches nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selector {
    /// `matchLabels`: every pair must be present.
    pub match_labels: Labels,
    /// `matchExpressions`: every requirement must hold.
    pub match_expressions: Vec<Requirement>,
}

impl Selector {
    /// A selector requiring each of these labels to exist.
    pub fn exists(key: &str) -> Selector {
        Selector {
            match_labels: Labels::new(),
            match_expressions: vec![Requirement {
                key: key.to_owned(),
                op: SetOp::Exists,
                values: Vec::new(),
            }],
        }
    }

    /// A selector requiring exactly these label values.
    pub fn labels(pairs: &[(&str, &str)]) -> Selector {
        Selector {
            match_labels: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            match_expressions: Vec::new(),
        }
    }

    /// Whether a label set matches every part of the selector.
    pub fn matches(&self, labels: &Labels) -> bool {
        self.match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|r| r.matches(labels))
    }

    /// The selector with `key = value` added for each key of `keys` the pod's labels carry
    /// (`matchLabelKeys`): keys the pod lacks are skipped, as the API server does.
    pub fn with_label_keys(&self, keys: &[String], pod_labels: &Labels) -> Selector {
        let mut out = self.clone();
        for key in keys {
            if let Some(value) = pod_labels.get(key) {
                out.match_expressions.push(Requirement {
                    key: key.clone(),
                    op: SetOp::In,
                    values: vec![value.clone()],
                });
            }
        }
        out
    }
}

/// Whether an optional selector matches: `None` (a `null` selector) matches nothing.
pub fn selects(selector: Option<&Selector>, labels: &Labels) -> bool {
    selector.is_some_and(|s| s.matches(labels))
}

/// An operator of a node-selector requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeOp {
    /// One of the label-selector operators.
    Set(SetOp),
    /// The label parses as an integer greater than the single value.
    Gt,
    /// The label parses as an integer less than the single value.
    Lt,
}

/// One requirement of a node-selector term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRequirement {
    /// The label key (for `matchFields`, the field: only `metadata.name` exists).
    pub key: String,
    /// The operator.
    pub op: NodeOp,
    /// The values.
    pub values: Vec<String>,
}

impl NodeRequirement {
    /// Whether the requirement holds for this value of its key (`None`: absent).
    fn matches_value(&self, value: Option<&str>) -> bool {
        match self.op {
            NodeOp::Set(op) => set_matches(op, value, &self.values),
            NodeOp::Gt | NodeOp::Lt => {
                let (Some(have), Some(bound)) = (
                    value.and_then(|v| v.parse::<i64>().ok()),
                    self.values.first().and_then(|v| v.parse::<i64>().ok()),
                ) else {
                    return false;
                };
                if self.op == NodeOp::Gt {
                    have > bound
                } else {
                    have < bound
                }
            }
        }
    }
}

/// A node-selector term: all its requirements must hold. A term with no requirement at all
/// matches no node.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeTerm {
    /// Requirements on node labels.
    pub match_expressions: Vec<NodeRequirement>,
    /// Requirements on node fields (`metadata.name`).
    pub match_fields: Vec<NodeRequirement>,
}

impl NodeTerm {
    /// Whether a node with these labels and this name satisfies the term.
    pub fn matches(&self, labels: &Labels, name: &str) -> bool {
        if self.match_expressions.is_empty() && self.match_fields.is_empty() {
            return false;
        }
        self.match_expressions
            .iter()
            .all(|r| r.matches_value(labels.get(&r.key).map(String::as_str)))
            && self
                .match_fields
                .iter()
                .all(|r| r.matches_value((r.key == "metadata.name").then_some(name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn set_operators_follow_the_api_semantics() {
        let have = labels(&[("app", "web"), ("tier", "front")]);
        let req = |key: &str, op, values: &[&str]| Requirement {
            key: key.to_owned(),
            op,
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        };
        assert!(req("app", SetOp::In, &["web", "db"]).matches(&have));
        assert!(!req("app", SetOp::In, &["db"]).matches(&have));
        assert!(req("missing", SetOp::NotIn, &["x"]).matches(&have));
        assert!(!req("app", SetOp::NotIn, &["web"]).matches(&have));
        assert!(req("tier", SetOp::Exists, &[]).matches(&have));
        assert!(req("missing", SetOp::DoesNotExist, &[]).matches(&have));
        assert!(Selector::default().matches(&have));
        assert!(!selects(None, &have));
    }

    #[test]
    fn an_empty_node_term_matches_nothing_and_gt_compares_integers() {
        let have = labels(&[("cores", "16")]);
        assert!(!NodeTerm::default().matches(&have, "n1"));
        let term = NodeTerm {
            match_expressions: vec![NodeRequirement {
                key: "cores".to_owned(),
                op: NodeOp::Gt,
                values: vec!["8".to_owned()],
            }],
            match_fields: vec![NodeRequirement {
                key: "metadata.name".to_owned(),
                op: NodeOp::Set(SetOp::In),
                values: vec!["n1".to_owned()],
            }],
        };
        assert!(term.matches(&have, "n1"));
        assert!(!term.matches(&have, "n2"));
    }
}
