//! A placement together with the availability it buys: the output of `tenancy place` and of the
//! web app's placement panel.

use serde::Serialize;

use crate::availability::{Availability, assess};
use crate::request::Request;
use crate::solve::{Placement, place};
use crate::topology::Topology;

/// A placement and, when feasible, its availability.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Plan {
    /// The placement (its fields appear at the top level of the JSON).
    #[serde(flatten)]
    pub placement: Placement,
    /// The exact (or, beyond 24 shared domains, sampled) availability of the placement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability: Option<Availability>,
}

impl Plan {
    /// The host index of each replica, in replica order (empty when infeasible).
    pub fn replica_hosts(&self) -> &[usize] {
        &self.placement.hosts
    }

    /// The plan with what reading its inputs noticed (an importer's warnings) ahead of the
    /// placement's own warnings, so that they reach the JSON form too.
    pub fn with_input_warnings(mut self, warnings: &[String]) -> Plan {
        self.placement
            .warnings
            .splice(0..0, warnings.iter().cloned());
        self
    }

    /// The JSON form, pretty-printed, ending in a newline.
    pub fn to_json_string(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("a plan always serialises");
        out.push('\n');
        out
    }
}

/// Places the request and assesses the placement's availability.
pub fn plan(topology: &Topology, request: &Request) -> Plan {
    let placement = place(topology, request);
    let mut plan = Plan {
        placement,
        availability: None,
    };
    if plan.placement.feasible {
        plan.availability = Some(assess(topology, plan.replica_hosts(), request.quorum));
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{Limit, Rule};

    /// Three replicas, at most one per domain of `kind`, planned on the default topology.
    fn one_per(kind: &str) -> (Topology, Plan) {
        let topology = crate::topology::default_topology();
        let mut request = Request::new(3);
        request.rules.push(Rule::new(kind, Limit::MaxPerDomain(1)));
        let plan = plan(&topology, &request);
        (topology, plan)
    }

    #[test]
    fn a_feasible_plan_carries_its_availability_inside_the_placement_json() {
        let (topology, plan) = one_per("rack");
        assert!(plan.placement.feasible);
        assert_eq!(plan.replica_hosts().len(), 3);
        let named: Vec<&str> = plan
            .replica_hosts()
            .iter()
            .map(|&h| topology.hosts[h].name.as_str())
            .collect();
        let assigned: Vec<&str> = plan
            .placement
            .assignments
            .iter()
            .flatten()
            .map(|a| a.host.as_str())
            .collect();
        assert_eq!(named, assigned);
        let json: serde_json::Value = serde_json::from_str(&plan.to_json_string()).unwrap();
        assert_eq!(json["feasible"], true);
        assert!(json["availability"]["p_quorum"].as_f64().unwrap() > 0.99);
        assert!(json["assignments"].as_array().unwrap().len() == 3);
        // The JSON carries the meaning, the frequency view, common mode and the bounds.
        let availability = &json["availability"];
        assert!(
            availability["meaning"]
                .as_str()
                .unwrap()
                .contains("long-run")
        );
        assert!(
            availability["frequency"]["losses_per_year"]
                .as_f64()
                .unwrap()
                > 0.0
        );
        assert_eq!(availability["frequency"]["window"]["days"], 30);
        assert!(availability["common_mode"]["share"].as_f64().unwrap() > 0.0);
        assert_eq!(availability["bounds"]["nines"].as_array().unwrap().len(), 2);
        assert_eq!(
            availability["rates"].as_array().unwrap().last().unwrap()["kind"],
            "common-mode"
        );
    }

    #[test]
    fn an_infeasible_plan_has_no_availability() {
        let (_, plan) = one_per("planet");
        assert!(!plan.placement.feasible);
        assert!(plan.availability.is_none());
        assert!(plan.to_json_string().contains("\"conflict\""));
    }
}
