//! A topology indexed for placement, built once: every host's domains interned to numbers per
//! kind, and the hosts with a slot grouped by their domains (hosts of one rack usually form one
//! group), so that requests on the same topology need no pass over its strings.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::{HOST_KIND, Topology};

/// A topology with its domains interned and its hosts grouped; [`crate::solve::place_indexed`]
/// places requests on it. Build it once per topology when placing several requests on it;
/// [`crate::place`] builds one per call.
pub struct Index<'t> {
    pub(crate) topology: &'t Topology,
    pub(crate) n_kinds: usize,
    /// Domain of host `h` for kind `k` at `h * n_kinds + k`, or [`NameId::NONE`].
    pub(crate) domain_ids: Vec<NameId>,
    /// Domain names per kind, by id.
    pub(crate) domain_names: Vec<Vec<&'t str>>,
    /// The hosts with at least one slot, grouped by their domains, in order of each group's
    /// first host.
    pub(crate) groups: Vec<Group>,
}

/// An interned domain name of one kind: ids per kind, from 0, over all hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct NameId(pub u32);

impl NameId {
    /// The id of a host that has no domain of some kind.
    pub const NONE: NameId = NameId(u32::MAX);

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Hosts with the same domain in every kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    /// Domain per kind, or [`NameId::NONE`].
    pub ids: Vec<NameId>,
    /// Host indices into the topology, in topology order.
    pub hosts: Vec<u32>,
    /// Slots of each host, parallel to `hosts`.
    pub slots: Vec<u32>,
}

impl<'t> Index<'t> {
    /// Indexes a topology: one pass over its hosts.
    pub fn new(topology: &'t Topology) -> Index<'t> {
        let (domain_ids, domain_names) = intern(topology);
        let groups = group(topology, &domain_ids);
        Index {
            topology,
            n_kinds: topology.kinds.len(),
            domain_ids,
            domain_names,
            groups,
        }
    }

    /// The topology indexed.
    pub fn topology(&self) -> &'t Topology {
        self.topology
    }

    /// The kind index of a rule's kind; `n_kinds` stands for `host`.
    pub(crate) fn kind_index(&self, kind: &str) -> usize {
        if kind == HOST_KIND {
            return self.n_kinds;
        }
        self.topology
            .kinds
            .iter()
            .position(|k| k == kind)
            .expect("requests are validated against their topology")
    }
}

/// Every host's domain id per kind (row-major) and the names behind the ids.
fn intern(topology: &Topology) -> (Vec<NameId>, Vec<Vec<&str>>) {
    let n_kinds = topology.kinds.len();
    let kinds: Vec<&str> = topology.kinds.iter().map(String::as_str).collect();
    // A host's domains are a map ordered by kind name: walking it beside the kinds in name order
    // finds each kind's domain with one comparison, without a lookup per kind.
    let mut by_name: Vec<usize> = (0..n_kinds).collect();
    by_name.sort_unstable_by_key(|&k| kinds[k]);
    let mut interners: Vec<QuickMap<&str, NameId>> = (0..n_kinds)
        .map(|_| QuickMap::with_capacity_and_hasher(16, Default::default()))
        .collect();
    let mut domain_names: Vec<Vec<&str>> = vec![Vec::new(); n_kinds];
    let mut domain_ids = vec![NameId::NONE; topology.hosts.len() * n_kinds];
    // Neighbouring hosts mostly share their domains: the previous host's name and id per kind
    // answer most lookups without hashing.
    let mut previous: Vec<(&str, NameId)> = vec![("", NameId::NONE); n_kinds];
    for (host, row) in topology
        .hosts
        .iter()
        .zip(domain_ids.chunks_exact_mut(n_kinds.max(1)))
    {
        let mut entries = host.domains.iter();
        let mut entry = entries.next();
        for &k in &by_name {
            // Keys before this kind name no kind of the topology (validation rejects them).
            let name = loop {
                match entry.map(|(key, name)| (key.as_str().cmp(kinds[k]), name)) {
                    Some((std::cmp::Ordering::Less, _)) => entry = entries.next(),
                    Some((std::cmp::Ordering::Equal, name)) => {
                        entry = entries.next();
                        break Some(name.as_str());
                    }
                    _ => break None,
                }
            };
            let Some(name) = name else {
                continue;
            };
            let (last_name, last_id) = previous[k];
            row[k] = if last_id != NameId::NONE && last_name == name {
                last_id
            } else {
                let names = &mut domain_names[k];
                let id = *interners[k].entry(name).or_insert_with(|| {
                    names.push(name);
                    NameId((names.len() - 1) as u32)
                });
                previous[k] = (name, id);
                id
            };
        }
    }
    (domain_ids, domain_names)
}

/// The hosts with a slot grouped by their domain ids, in order of each group's first host.
fn group(topology: &Topology, domain_ids: &[NameId]) -> Vec<Group> {
    let n_kinds = topology.kinds.len();
    let mut group_of: QuickMap<&[NameId], usize> = QuickMap::default();
    let mut groups: Vec<Group> = Vec::new();
    let mut last: Option<(&[NameId], usize)> = None;
    for (h, host) in topology.hosts.iter().enumerate() {
        if host.slots == 0 {
            continue;
        }
        let ids = &domain_ids[h * n_kinds..(h + 1) * n_kinds];
        // Hosts of one rack are usually listed together: the previous host's group first.
        let g = match last {
            Some((previous, g)) if previous == ids => g,
            _ => *group_of.entry(ids).or_insert_with(|| {
                groups.push(Group {
                    ids: ids.to_vec(),
                    hosts: Vec::new(),
                    slots: Vec::new(),
                });
                groups.len() - 1
            }),
        };
        last = Some((ids, g));
        groups[g].hosts.push(h as u32);
        groups[g].slots.push(host.slots);
    }
    groups
}

/// A multiply-rotate hash for the index's own keys (domain names, id rows): several times cheaper
/// than the default SipHash. It is not collision-resistant; a crafted topology could only slow
/// its own indexing down.
#[derive(Debug, Default, Clone, Copy)]
struct Quick(u64);

impl Quick {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Quick {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        let mut tail = [0u8; 8];
        tail[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(tail) ^ ((rest.len() as u64) << 59));
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // The table takes its bucket from the low bits: bring the well-mixed high bits down.
        self.0.rotate_left(26)
    }
}

/// A hash map with [`Quick`] hashing.
type QuickMap<K, V> = HashMap<K, V, BuildHasherDefault<Quick>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_interned_per_kind_and_hosts_with_slots_grouped() {
        let topology = Topology::from_json_str(
            r#"{"version":1,"kinds":["zone","rack"],"hosts":[
             {"name":"a","domains":{"zone":"z1","rack":"r1"}},
             {"name":"b","domains":{"rack":"r2"}},
             {"name":"c","slots":0,"domains":{"zone":"z1","rack":"r1"}},
             {"name":"d","slots":2,"domains":{"zone":"z1","rack":"r1"}}]}"#,
        )
        .unwrap();
        let index = Index::new(&topology);
        let none = NameId::NONE;
        assert_eq!(
            index.domain_ids,
            [
                NameId(0),
                NameId(0),
                none,
                NameId(1),
                NameId(0),
                NameId(0),
                NameId(0),
                NameId(0)
            ]
        );
        assert_eq!(index.domain_names, [vec!["z1"], vec!["r1", "r2"]]);
        assert_eq!(
            index.groups,
            [
                Group {
                    ids: vec![NameId(0), NameId(0)],
                    hosts: vec![0, 3],
                    slots: vec![1, 2],
                },
                Group {
                    ids: vec![none, NameId(1)],
                    hosts: vec![1],
                    slots: vec![1],
                },
            ]
        );
        assert_eq!(index.kind_index("rack"), 1);
        assert_eq!(index.kind_index(HOST_KIND), 2);
    }
}
