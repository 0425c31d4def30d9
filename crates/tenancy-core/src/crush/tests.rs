//! Unit checks of the CRUSH twin on a small map whose mappings `crushtool --test` printed
//! (the full comparison over the fixture corpus lives in the CLI's tests).

use super::*;

/// `crushtool --build --num_osds 8 host straw2 2 rack straw 2 root list 0`, decompiled.
const BUILT: &str = "
tunable choose_local_tries 0
tunable choose_local_fallback_tries 0
tunable choose_total_tries 50
tunable chooseleaf_descend_once 1
tunable chooseleaf_vary_r 1
tunable chooseleaf_stable 1
tunable straw_calc_version 1
tunable allowed_bucket_algs 54
device 0 osd.0
device 1 osd.1
device 2 osd.2
device 3 osd.3
device 4 osd.4
device 5 osd.5
device 6 osd.6
device 7 osd.7
type 0 osd
type 1 host
type 2 rack
type 3 root
host host0 { id -1 alg straw2 hash 0 item osd.0 weight 1.000 item osd.1 weight 1.000 }
host host1 { id -2 alg straw2 hash 0 item osd.2 weight 1.000 item osd.3 weight 1.000 }
host host2 { id -3 alg straw2 hash 0 item osd.4 weight 1.000 item osd.5 weight 1.000 }
host host3 { id -4 alg straw2 hash 0 item osd.6 weight 1.000 item osd.7 weight 1.000 }
rack rack0 { id -5 alg straw hash 0 item host0 weight 2.000 item host1 weight 2.000 }
rack rack1 { id -6 alg straw hash 0 item host2 weight 2.000 item host3 weight 2.000 }
root root { id -7 alg list hash 0 item rack0 weight 4.000 item rack1 weight 4.000 }
rule replicated_rule {
	id 0
	type replicated
	min_size 1
	max_size 10
	step take root
	step chooseleaf firstn 0 type host
	step emit
}
";

#[test]
fn maps_like_crushtool() {
    let map = parse(BUILT).expect("the map parses");
    let weights = map.default_weights();
    let expect = [[0, 6, 3], [7, 0, 5], [1, 7, 2], [7, 4, 3]];
    for (x, want) in expect.iter().enumerate() {
        assert_eq!(
            do_rule(&map, 0, x as u32, 3, &weights, None),
            want.to_vec(),
            "x {x}"
        );
    }
    // osd.3 at half weight (`--weight 3 0.5`).
    let mut half = weights.clone();
    half[3] = 0x8000;
    assert_eq!(do_rule(&map, 0, 0, 3, &half, None), vec![0, 6, 2]);
}

#[test]
fn text_round_trips() {
    let map = parse(BUILT).expect("the map parses");
    let text = write(&map);
    let again = parse(&text).expect("the written map parses");
    assert_eq!(again, map);
    assert_eq!(write(&again), text);
}

#[test]
fn errors_name_the_line() {
    let broken = BUILT.replace(
        "alg straw2 hash 0 item osd.2",
        "alg straw3 hash 0 item osd.2",
    );
    let error = parse(&broken).expect_err("straw3 is no algorithm");
    assert_eq!(error.line, 23, "{error}");
    assert!(error.to_string().contains("straw3"), "{error}");
    let missing = BUILT.replace("item osd.7 weight", "item osd.9 weight");
    let error = parse(&missing).expect_err("osd.9 is not declared");
    assert!(error.to_string().contains("osd.9"), "{error}");
    assert_eq!(error.line, 25);
}

#[test]
fn positions_past_the_end_and_keyword_types_are_refused() {
    let gap = "device 0 osd.0\ntype 0 osd\ntype 1 host\nhost h {\n\tid -1\n\talg uniform\n\titem osd.0 pos 2\n}\n";
    let error = parse(gap).expect_err("position 2 is past a bucket of 1 item");
    assert!(error.to_string().contains("position 2"), "{error}");
    let keyword = "type 0 osd\ntype 1 device\n";
    let error = parse(keyword).expect_err("`device` cannot name a type");
    assert_eq!(error.line, 2, "{error}");
}

#[test]
fn hostile_tries_and_cycles_stay_bounded() {
    let huge = BUILT.replace(
        "\tstep take root\n",
        "\tstep set_choose_tries 2000000000\n\tstep set_chooseleaf_vary_r 99\n\tstep take root\n",
    );
    let map = parse(&huge).expect("the map parses");
    // More replicas than hosts: every try fails, within the cap.
    let result = do_rule(&map, 0, 7, 12, &map.default_weights(), None);
    assert!(result.len() <= 8);
    let cycle = r#"{"devices": [], "types": [{"type_id": 1, "name": "host"}],
        "buckets": [{"id": -1, "name": "a", "type_id": 1, "alg": "straw2",
                     "items": [{"id": -1, "weight": 65536}]}],
        "rules": []}"#;
    let error = dump::parse_dump(cycle).expect_err("a bucket inside itself");
    assert!(error.to_string().contains("contains itself"), "{error}");
}

#[test]
fn a_pool_simulation_measures_each_pg_against_our_optimum() {
    use simulate::{Pool, default_min_size, simulate_pool};
    let by_rack = BUILT.replace("}\n\";", "}\n").to_owned()
        + "rule by_rack {\n\tid 1\n\ttype replicated\n\tmin_size 1\n\tmax_size 10\n\tstep take root\n\
           \tstep chooseleaf firstn 0 type rack\n\tstep emit\n}\n";
    let map = parse(&by_rack).expect("the map parses");
    let pool = |rule| Pool {
        id: 1,
        rule,
        size: 2,
        pg_num: 64,
        max_osd: 8,
        out: Vec::new(),
    };
    assert_eq!(default_min_size(2), 1);
    assert_eq!(default_min_size(3), 2);
    // One replica per rack: every PG is our optimum, in spread and in availability.
    let racks = simulate_pool(&map, &pool(1), 1, None).expect("simulated");
    assert_eq!(racks.kinds, ["rack", "host"]);
    assert_eq!(racks.bad_mappings, 0);
    assert_eq!(racks.optimum.radius, [1, 1]);
    assert_eq!(racks.optimum.pgs_as_spread, 64);
    assert_eq!(racks.optimum.pgs_as_available, 64);
    let a = &racks.availability;
    assert_eq!(a.distribution.len(), 1, "{a:?}");
    assert_eq!(a.worst, a.best);
    assert!((a.worst - racks.optimum.p_quorum.unwrap()).abs() < 1e-12);
    // One replica per host: the PGs that put both in one rack are worse, and only those.
    let hosts = simulate_pool(&map, &pool(0), 1, None).expect("simulated");
    let same_rack: u32 = hosts
        .blast_radius
        .iter()
        .filter(|r| r.radius[0] == 2)
        .map(|r| r.pgs)
        .sum();
    assert!(0 < same_rack && same_rack < 64, "{:?}", hosts.blast_radius);
    assert_eq!(hosts.optimum.pgs_as_spread, 64 - same_rack);
    assert_eq!(hosts.optimum.pgs_as_available, 64 - same_rack);
    let a = &hosts.availability;
    assert!(a.worst < hosts.optimum.p_quorum.unwrap() && a.best >= a.median);
    assert_eq!(a.distribution.iter().map(|d| d.pgs).sum::<u32>(), 64);
    assert_eq!(a.distribution[0].p_quorum, a.worst);
    // The worst PG is named as Ceph names it, and the JSON carries every part.
    assert!(a.worst_pg.starts_with("1."), "{}", a.worst_pg);
    let json: serde_json::Value = serde_json::from_str(&hosts.to_json_string()).unwrap();
    for key in [
        "pool",
        "min_size",
        "result_sizes",
        "blast_radius",
        "availability",
        "optimum",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    // An OSD marked out holds nothing and leaves the optimum's hosts.
    let mut out = pool(1);
    out.out = vec![0, 1];
    let without = simulate_pool(&map, &out, 1, None).expect("simulated");
    assert!(!without.per_osd.contains_key(&0) && !without.per_osd.contains_key(&1));
}

/// Found by the `crush_text` fuzz target: tunables alone read as an empty map, which wrote back
/// as a text of nothing that did not read again.
#[test]
fn tunables_alone_are_no_map() {
    let only = "# begin crush map\ntunable straw_calc_version 0\ntunable choose_total_tries 50\n";
    let error = parse(only).expect_err("no devices, types, buckets or rules");
    assert!(error.to_string().contains("holds no CRUSH map"), "{error}");
    // With one type it is a map, and it reads back from its own text.
    let map = parse(&format!("{only}type 0 osd\n")).expect("a map of one type");
    assert_eq!(parse(&write(&map)).expect("reads back"), map);
}
