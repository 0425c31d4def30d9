//! The cluster state one scheduling cycle reads: nodes, the pod templates, the pods bound to
//! nodes and namespace labels.

use std::collections::BTreeMap;

use super::labels::{Labels, selects};
use super::model::{Node, PodTemplate, PodTerm};

/// A pod bound to a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pod {
    /// Index into [`Cluster::templates`].
    pub template: usize,
    /// Index into [`Cluster::nodes`].
    pub node: usize,
    /// Being deleted: the spread plugin no longer counts it (it still holds its resources).
    pub terminating: bool,
}

/// Nodes, templates and bound pods.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cluster {
    /// The nodes, in the order the scheduler lists them.
    pub nodes: Vec<Node>,
    /// Pod templates; pods refer to them by index.
    pub templates: Vec<PodTemplate>,
    /// Bound pods.
    pub pods: Vec<Pod>,
    /// Labels of namespaces, for `namespaceSelector`.
    pub namespaces: BTreeMap<String, Labels>,
}

impl Cluster {
    /// A cluster with these nodes and no pods.
    pub fn new(nodes: Vec<Node>) -> Cluster {
        Cluster {
            nodes,
            ..Cluster::default()
        }
    }

    /// Adds a template, returning its index.
    pub fn add_template(&mut self, template: PodTemplate) -> usize {
        self.templates.push(template);
        self.templates.len() - 1
    }

    /// Binds a pod of `template` to `node`.
    pub fn bind(&mut self, template: usize, node: usize) {
        self.pods.push(Pod {
            template,
            node,
            terminating: false,
        });
    }

    /// Whether `term`, written in a pod of namespace `owner_namespace`, selects the pod `other`.
    pub(crate) fn term_selects(
        &self,
        term: &PodTerm,
        owner_namespace: &str,
        other: &PodTemplate,
    ) -> bool {
        namespace_selected(term, owner_namespace, &other.namespace, &self.namespaces)
            && selects(term.selector.as_ref(), &other.labels)
    }
}

/// Whether a pod term's namespaces include `namespace`: the term's own namespace when it names
/// none, else those listed and those whose labels its namespace selector matches (an empty
/// selector matches every namespace).
fn namespace_selected(
    term: &PodTerm,
    owner_namespace: &str,
    namespace: &str,
    labels: &BTreeMap<String, Labels>,
) -> bool {
    if term.namespaces.is_empty() && term.namespace_selector.is_none() {
        return namespace == owner_namespace;
    }
    if term.namespaces.iter().any(|n| n == namespace) {
        return true;
    }
    match &term.namespace_selector {
        Some(selector)
            if selector.match_labels.is_empty() && selector.match_expressions.is_empty() =>
        {
            true
        }
        Some(selector) => labels.get(namespace).is_some_and(|l| selector.matches(l)),
        None => false,
    }
}
