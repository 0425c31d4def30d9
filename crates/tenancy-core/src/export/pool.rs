//! Our CRUSH rule on the user's own map, run as a replicated pool over its placement groups:
//! the map as given plus our rule ([`super::crush_onto_map`]), then the twin's simulation of the
//! pool ([`simulate_pool`]) beside our optimum — what the Ceph tab shows under "what you will
//! get" — and the one rule for a pool's `min_size` that every shell applies.

use crate::crush::simulate::{Pool, PoolSimulation, default_min_size, simulate_pool};
use crate::crush::{self, CrushMap};
use crate::request::Request;

use super::{Options, crush_onto_map};

/// The most placement groups a pool may have (Ceph's `mon_max_pool_pg_num` default).
pub const MAX_PG_NUM: u32 = 65_536;

/// Our rule on the user's map, simulated as a pool.
#[derive(Debug, Clone, PartialEq)]
pub struct OurPool {
    /// Our rule's name in the map.
    pub rule_name: String,
    /// The pool of the request's replicas on our rule, over every placement group.
    pub simulation: PoolSimulation,
    /// What the rule cannot express of the request, and what adding it to the map noticed.
    pub notes: Vec<String>,
}

/// The replicas a placement group needs up to serve (the pool's `min_size`, the quorum of its
/// availability): `given`, else the request's quorum (what the CRUSH export tells the operator
/// to set), else Ceph's default for `size`.
pub fn pool_min_size(given: Option<u32>, request: Option<&Request>, size: usize) -> u32 {
    given
        .or(request.map(|r| r.quorum))
        .unwrap_or_else(|| default_min_size(size))
}

/// Our rule added to `map` and simulated over a replicated pool (id 1) of `request.replicas`
/// and `pg_num` placement groups (from 1 to [`MAX_PG_NUM`]), `min_size` the request's quorum.
/// An error when the rule cannot be added or the map's tree cannot be read as hosts and domains.
pub fn our_rule_on_pool(map: &CrushMap, request: &Request, pg_num: u32) -> Result<OurPool, String> {
    let onto = crush_onto_map(request, &crush::write(map), &Options::default())?;
    let with_rule = crush::read(&onto.text)?;
    let (&rule, added) = with_rule
        .rules
        .iter()
        .find(|(id, _)| !map.rules.contains_key(id))
        .ok_or("our rule could not be added to this map")?;
    let size = request.replicas as usize;
    let pool = Pool {
        id: 1,
        rule,
        size,
        pg_num: pg_num.clamp(1, MAX_PG_NUM),
        max_osd: with_rule.max_devices,
        out: Vec::new(),
    };
    let simulation = simulate_pool(
        &with_rule,
        &pool,
        pool_min_size(None, Some(request), size),
        Some(request),
    )?;
    let mut notes = onto.lossy;
    notes.extend(onto.warnings);
    Ok(OurPool {
        rule_name: added.name.clone(),
        simulation,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAP: &str = include_str!("../../tests/fixtures/ceph/set-choose.txt");

    #[test]
    fn pool_min_size_is_the_one_given_else_the_quorum_else_cephs_default() {
        let mut request = Request::new(5);
        request.quorum = 4;
        assert_eq!(pool_min_size(Some(2), Some(&request), 5), 2);
        assert_eq!(pool_min_size(None, Some(&request), 5), 4);
        assert_eq!(pool_min_size(None, None, 5), 3);
        assert_eq!(pool_min_size(None, None, 4), 2);
    }

    #[test]
    fn our_rule_is_added_to_the_map_and_run_over_every_placement_group() {
        let map = crush::read(MAP).unwrap();
        let mut request = Request::new(3);
        request.quorum = 3;
        let ours = our_rule_on_pool(&map, &request, 128).unwrap();
        let sim = &ours.simulation;
        assert!(!map.rules.contains_key(&sim.pool.rule), "a new rule");
        assert_eq!(ours.rule_name, "workload");
        assert_eq!((sim.pool.size, sim.pool.pg_num, sim.min_size), (3, 128, 3));
        assert_eq!(sim.result_sizes.values().sum::<u32>(), 128);
        // A pool has at least one placement group.
        let empty = our_rule_on_pool(&map, &request, 0).unwrap();
        assert_eq!(empty.simulation.pool.pg_num, 1);
    }
}
