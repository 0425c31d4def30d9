//! `tenancy-bench`, run by `cargo xtask bench`: `write DIR [--large]` writes the instances (topology
//! and request JSON, CRUSH map and OSD table) and an `index.json`; `time DIR RUNS` times the native
//! `place` (and `place_indexed` on a topology indexed once) on each and prints the results as
//! JSON; `published` prints the reproduced published availability result as JSON; `twin MAP NUM_REP INPUTS` maps inputs 0..INPUTS through rule 0 of
//! a CRUSH map with the core's twin and prints the seconds per mapping and every mapping in
//! `crushtool --show-mappings`'s format; `kube RUNS` times the kube-scheduler twin on its
//! instances and prints the results as JSON; `kube-once NODES REPLICAS` schedules the instance
//! with that many nodes once and prints its outcome (for instruction counts under valgrind).

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tenancy_bench::kube::{kube_instances, kube_schedule};
use tenancy_bench::{Instance, crush_instances, crush_twin_pass, outcome, solver_instances};
use tenancy_core::crush::simulate::{Pool, simulate_pool_on};
use tenancy_core::export::{Options, crush};
use tenancy_core::solve::place_indexed;
use tenancy_core::synthetic;
use tenancy_core::topology::{HOST_KIND, Index};
use tenancy_core::{Request, Topology, place};

/// Placement groups of the pool each exported CRUSH rule is judged on.
const PG_NUM: u32 = 4096;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["write", dir] => write(Path::new(dir), false),
        ["write", dir, "--large"] => write(Path::new(dir), true),
        ["time", dir, runs] => {
            let runs: usize = runs
                .parse()
                .map_err(|_| format!("bad run count `{runs}`"))?;
            time(Path::new(dir), runs)
        }
        ["kube", runs] => {
            let runs: usize = runs
                .parse()
                .map_err(|_| format!("bad run count `{runs}`"))?;
            time_kube(runs);
            Ok(())
        }
        ["kube-once", nodes, replicas] => {
            let instance = kube_instances()
                .into_iter()
                .find(|i| i.nodes.to_string() == nodes)
                .ok_or_else(|| format!("no twin instance with {nodes} nodes"))?;
            let replicas: u32 = replicas
                .parse()
                .map_err(|_| format!("bad replica count `{replicas}`"))?;
            println!("{}", kube_schedule(&mut instance.cluster(), replicas));
            Ok(())
        }
        ["published"] => {
            published();
            Ok(())
        }
        ["twin", map, num_rep, inputs] => {
            let parse = |value: &str| {
                value
                    .parse::<u32>()
                    .map_err(|_| format!("bad number `{value}`"))
            };
            twin(Path::new(map), parse(num_rep)?, parse(inputs)?.max(1))
        }
        _ => Err(
            "usage: tenancy-bench write DIR [--large] | time DIR RUNS | published | \
                  twin MAP NUM_REP INPUTS | kube RUNS | kube-once NODES REPLICAS"
                .to_owned(),
        ),
    }
}

fn save(dir: &Path, file: &str, text: &str) -> Result<(), String> {
    std::fs::write(dir.join(file), text).map_err(|e| format!("cannot write {file}: {e}"))
}

fn entry(dir: &Path, instance: &Instance) -> Result<(Value, Topology), String> {
    let topology = synthetic::generate(&instance.shape);
    let topology_file = format!("{}.topology.json", instance.name);
    let request_file = format!("{}.request.json", instance.name);
    let text = serde_json::to_string(&topology).map_err(|e| e.to_string())?;
    save(dir, &topology_file, &text)?;
    save(dir, &request_file, &instance.request.to_json_string())?;
    let value = json!({
        "name": instance.name,
        "hosts": instance.shape.host_count(),
        "note": instance.note,
        "topology": topology_file,
        "request": request_file,
    });
    Ok((value, topology))
}

fn write(dir: &Path, large: bool) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut solver = Vec::new();
    for instance in solver_instances(large) {
        solver.push(entry(dir, &instance)?.0);
    }
    let mut crush_entries = Vec::new();
    for instance in crush_instances() {
        let (mut value, topology) = entry(dir, &instance)?;
        let placement = place(&topology, &instance.request);
        let export = crush(
            &instance.request,
            &topology,
            &placement,
            &Options::default(),
        );
        let map_file = format!("{}.crush.txt", instance.name);
        save(dir, &map_file, &export.text)?;
        // OSD n is the n-th slot of the hosts the export keeps (all hosts here: no `select`).
        let osds: Vec<Vec<&str>> = topology
            .hosts
            .iter()
            .filter(|host| host.slots > 0)
            .flat_map(|host| {
                let path: Vec<&str> = topology
                    .kinds
                    .iter()
                    .map(|kind| host.domains[kind].as_str())
                    .chain([host.name.as_str()])
                    .collect();
                std::iter::repeat_n(path, host.slots as usize)
            })
            .collect();
        let kinds: Vec<&str> = topology
            .kinds
            .iter()
            .map(String::as_str)
            .chain([HOST_KIND])
            .collect();
        let osds_file = format!("{}.osds.json", instance.name);
        let osds_json = json!({ "kinds": kinds, "osds": osds });
        save(dir, &osds_file, &osds_json.to_string())?;
        value["map"] = json!(map_file);
        value["osds"] = json!(osds_file);
        value["lossy"] = json!(export.lossy);
        // The exported rule (rule 0) as a pool: how many of its placement groups reach our
        // optimum, judged on the topology (the share BENCH.md reports per exported rule).
        let map = tenancy_core::crush::read(&export.text)?;
        let pool = Pool {
            id: 1,
            rule: 0,
            size: instance.request.replicas as usize,
            pg_num: PG_NUM,
            max_osd: map.max_devices,
            out: Vec::new(),
        };
        let request = &instance.request;
        let simulation = simulate_pool_on(&map, &pool, request.quorum, Some(request), &topology);
        value["pg_num"] = json!(PG_NUM);
        value["pgs_at_optimum"] = json!(
            simulation
                .optimum
                .feasible
                .then_some(simulation.optimum.pgs_as_spread)
        );
        value["pgs_short"] = json!(simulation.bad_mappings);
        crush_entries.push(value);
    }
    // The twin's instances are generated in process (natively and in wasm); listed for wasm.mjs.
    let kube: Vec<Value> = kube_instances()
        .iter()
        .map(|i| {
            json!({
                "name": i.name(),
                "nodes": i.nodes,
                "zones": i.zones,
                "racks": i.racks,
                "replicas": i.replicas,
            })
        })
        .collect();
    let index = json!({ "solver": solver, "crush": crush_entries, "kube": kube });
    save(dir, "index.json", &index.to_string())
}

fn read(dir: &Path, file: &Value) -> Result<String, String> {
    let file = file.as_str().ok_or("index.json names no file")?;
    std::fs::read_to_string(dir.join(file)).map_err(|e| format!("cannot read {file}: {e}"))
}

/// Maps inputs through rule 0 with the twin, best of three timed passes; prints the seconds per
/// mapping on the first line, then the mappings.
fn twin(map: &Path, num_rep: u32, inputs: u32) -> Result<(), String> {
    use tenancy_core::crush;
    let text = std::fs::read_to_string(map).map_err(|e| format!("{}: {e}", map.display()))?;
    let map = crush::read(&text)?;
    let weights = map.default_weights();
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let start = Instant::now();
        crush_twin_pass(&map, &weights, num_rep, inputs, |_, _| {});
        best = best.min(start.elapsed().as_secs_f64());
    }
    let mut out = format!("{}\n", best / f64::from(inputs));
    crush_twin_pass(&map, &weights, num_rep, inputs, |x, osds| {
        out.push_str(&format!(
            "CRUSH rule 0 x {x} {}\n",
            crush::format_mapping(osds)
        ));
    });
    print!("{out}");
    Ok(())
}

/// Times `place` on every instance of the index: the first call, warm-up calls for at least a
/// second (as the wasm side does), then `runs` runs (fewer when they take over two seconds in
/// all, but at least three); prints the first call's time, the median and the minimum. Then the
/// same for `place_indexed` on the topology indexed once beforehand (`indexed_median_s`), and the
/// median time of indexing it (`index_s`).
fn time(dir: &Path, runs: usize) -> Result<(), String> {
    let index: Value = serde_json::from_str(&read(dir, &json!("index.json"))?)
        .map_err(|e| format!("index.json: {e}"))?;
    let mut out = Vec::new();
    for entry in ["solver", "crush"]
        .iter()
        .flat_map(|list| index[list].as_array().into_iter().flatten())
    {
        let topology_text = read(dir, &entry["topology"])?;
        let topology: Topology = serde_json::from_str(&topology_text).map_err(|e| e.to_string())?;
        topology.validate().map_err(|e| e.to_string())?;
        let request = Request::from_json_str(&read(dir, &entry["request"])?, &topology)
            .map_err(|e| e.to_string())?;
        let first = Instant::now();
        let found = outcome(&place(&topology, &request), &topology);
        let first_s = first.elapsed().as_secs_f64();
        let times = repeat(runs, || {
            place(
                std::hint::black_box(&topology),
                std::hint::black_box(&request),
            )
        });
        let indexed = Index::new(&topology);
        let same = outcome(&place_indexed(&indexed, &request), &topology);
        if same != found {
            return Err(format!(
                "{}: place found `{found}` but place_indexed `{same}`",
                entry["name"]
            ));
        }
        let indexed_times = repeat(runs, || {
            place_indexed(
                std::hint::black_box(&indexed),
                std::hint::black_box(&request),
            )
        });
        let index_times = repeat(runs, || Index::new(std::hint::black_box(&topology)));
        out.push(json!({
            "name": entry["name"],
            "outcome": found,
            "first_s": first_s,
            "median_s": times[times.len() / 2],
            "min_s": times[0],
            "runs": times.len(),
            "indexed_median_s": indexed_times[indexed_times.len() / 2],
            "index_s": index_times[index_times.len() / 2],
        }));
    }
    println!("{}", Value::Array(out));
    Ok(())
}

/// Warm-up calls for at least a second, then `runs` timed calls (fewer when they take over two
/// seconds in all, but at least three): the seconds of each, sorted.
fn repeat<T>(runs: usize, mut call: impl FnMut() -> T) -> Vec<f64> {
    let warm_up = Instant::now();
    let mut warmups = 0;
    while warmups < 3 || warm_up.elapsed() < Duration::from_secs(1) {
        drop(std::hint::black_box(call()));
        warmups += 1;
    }
    let mut times = Vec::new();
    let started = Instant::now();
    while times.len() < runs.max(3)
        && (times.len() < 3 || started.elapsed() < Duration::from_secs(2))
    {
        let start = Instant::now();
        let result = std::hint::black_box(call());
        times.push(start.elapsed().as_secs_f64());
        drop(result);
    }
    times.sort_by(f64::total_cmp);
    times
}

/// Times the kube-scheduler twin on every instance of [`kube_instances`] (see [`measure`]); the
/// cluster is generated outside the timing, and each run leaves it as it was.
fn time_kube(runs: usize) {
    let out: Vec<Value> = kube_instances()
        .iter()
        .map(|instance| {
            let mut cluster = instance.cluster();
            measure(&json!(instance.name()), runs, || {
                kube_schedule(std::hint::black_box(&mut cluster), instance.replicas)
            })
        })
        .collect();
    println!("{}", Value::Array(out));
}

/// Times a call: the first call, then [`repeat`]; the first call's outcome and time, the
/// median and the minimum, as one JSON object.
fn measure(name: &Value, runs: usize, mut call: impl FnMut() -> String) -> Value {
    let first = Instant::now();
    let found = call();
    let first_s = first.elapsed().as_secs_f64();
    let times = repeat(runs, call);
    json!({
        "name": name,
        "outcome": found,
        "first_s": first_s,
        "median_s": times[times.len() / 2],
        "min_s": times[0],
        "runs": times.len(),
    })
}

/// Prints the reproduced published figures as a JSON list.
fn published() {
    let rows: Vec<Value> = tenancy_bench::published::copysets()
        .into_iter()
        .map(|row| {
            json!({
                "case": row.case,
                "paper": row.paper,
                "paper_where": row.paper_where,
                "ours": row.ours,
                "exact_count": row.exact_count,
                "source": tenancy_bench::published::COPYSETS,
            })
        })
        .collect();
    println!("{}", Value::Array(rows));
}
