//! `tenancy simulate crush`: run the core's CRUSH twin on a decompiled map, printing
//! `crushtool --test --show-mappings` lines, `osdmaptool --test-map-pgs-dump` lines, or a
//! pool's summary (result sizes, bad mappings, per-OSD use).

use std::fmt::Write as _;

use clap::Subcommand;
use tenancy_core::assess;
use tenancy_core::availability::Judge;
use tenancy_core::crush::simulate::{
    Pool, TestRun, blast_radii, pg_dump, reweight, show_mappings, summarize,
};
use tenancy_core::crush::{self, CrushMap};
use tenancy_core::export::Target;
use tenancy_core::export::worst_pg;
use tenancy_core::import::import_crush_map;
use tenancy_core::plan::plan;
use tenancy_core::report;
use tenancy_core::report::plan::availability_words;
use tenancy_core::request::majority;

use crate::{BadInput, Outcome, input};

/// The subcommands of `tenancy simulate`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Map inputs or a pool's placement groups through a CRUSH map (`crushtool -d` text).
    Crush(CrushArgs),
    /// Simulate kube-scheduler placing a workload on `kubectl get nodes -o json` nodes.
    K8s(crate::simulate_k8s::K8sArgs),
    /// What the Nova export guarantees: the worst placement its server group allows, beside
    /// our optimum.
    Nova(crate::simulate_target::TargetArgs),
    /// What the Nomad export guarantees: the worst placement its constraints allow, beside our
    /// optimum.
    Nomad(crate::simulate_target::TargetArgs),
}

#[derive(Debug, clap::Args)]
pub struct CrushArgs {
    /// The map: decompiled (`crushtool -d map.bin -o map.txt`) or `ceph osd crush dump -f json`;
    /// `-` for standard input.
    #[arg(value_name = "FILE|-")]
    map: String,
    /// Only this rule (default: every rule).
    #[arg(long)]
    rule: Option<u32>,
    /// This many replicas (sets both --min-rep and --max-rep).
    #[arg(long)]
    num_rep: Option<i32>,
    /// Smallest result size to test (default: each rule's min_size).
    #[arg(long)]
    min_rep: Option<i32>,
    /// Largest result size to test (default: each rule's max_size).
    #[arg(long)]
    max_rep: Option<i32>,
    /// First input.
    #[arg(long, default_value_t = 0)]
    min_x: u32,
    /// Last input.
    #[arg(long, default_value_t = 1023)]
    max_x: u32,
    /// A device's weight from 0.0 (out) to 1.0, as `--weight 3 0.5`; repeatable.
    #[arg(long, num_args = 2, value_names = ["DEVICE", "WEIGHT"])]
    weight: Vec<String>,
    /// Print every mapping as `crushtool --test --show-mappings` does.
    #[arg(long)]
    show_mappings: bool,
    /// Map a replicated pool with this id (its placement groups, as the OSD map does).
    #[arg(long)]
    pool: Option<u32>,
    /// The pool's pg_num (and pgp_num).
    #[arg(long, default_value_t = 128)]
    pg_num: u32,
    /// The pool's size (default: 3, or --num-rep).
    #[arg(long)]
    size: Option<usize>,
    /// OSDs that exist (max_osd; default: the map's devices).
    #[arg(long)]
    max_osd: Option<i32>,
    /// An OSD marked out; repeatable.
    #[arg(long)]
    mark_out: Vec<i32>,
    /// Print each placement group as `osdmaptool --test-map-pgs-dump` does.
    #[arg(long)]
    pg_dump: bool,
    /// A placement request (JSON) whose optimum the pool's blast radii are compared with.
    #[arg(long, value_name = "FILE|-")]
    request: Option<String>,
}

pub fn run(command: &Command) -> Result<Outcome, BadInput> {
    match command {
        Command::Crush(args) => run_crush(args),
        Command::K8s(args) => crate::simulate_k8s::run(args),
        Command::Nova(args) => crate::simulate_target::run(Target::Nova, args),
        Command::Nomad(args) => crate::simulate_target::run(Target::Nomad, args),
    }
}

fn run_crush(args: &CrushArgs) -> Result<Outcome, BadInput> {
    let text = input::read(&args.map, "the CRUSH map")?;
    let map = crush::read(&text).map_err(|e| BadInput(format!("{e} (in `{}`)", args.map)))?;
    let weights = parse_weights(&args.weight)?;
    if let Some(rule) = args.rule
        && !map.rules.contains_key(&rule)
    {
        return Err(BadInput(format!(
            "--rule {rule}: the map has no such rule (it has {})",
            rule_list(&map)
        )));
    }
    let stdout = match args.pool {
        Some(pool_id) => {
            let pool = Pool {
                id: pool_id,
                rule: args.rule.unwrap_or(0),
                size: args
                    .size
                    .or(args.num_rep.map(|n| n.max(0) as usize))
                    .unwrap_or(3),
                pg_num: args.pg_num.max(1),
                max_osd: args.max_osd.unwrap_or(map.max_devices),
                out: args.mark_out.clone(),
            };
            if !map.rules.contains_key(&pool.rule) {
                return Err(BadInput(format!(
                    "the pool's rule {} is not in the map (it has {}); pass --rule",
                    pool.rule,
                    rule_list(&map)
                )));
            }
            if args.pg_dump {
                pg_dump(&map, &pool)
            } else {
                summary_text(&map, &pool, args.request.as_deref(), &args.map)?
            }
        }
        None => {
            let run = TestRun {
                rule: args.rule,
                min_rep: args.num_rep.or(args.min_rep),
                max_rep: args.num_rep.or(args.max_rep),
                min_x: args.min_x,
                max_x: args.max_x.max(args.min_x),
                weights,
            };
            if args.show_mappings {
                show_mappings(&map, &run)
            } else {
                return Err(BadInput(
                    "nothing to show: pass --show-mappings, or --pool ID (with --pg-dump for \
                     every placement group)"
                        .to_owned(),
                ));
            }
        }
    };
    Ok(Outcome {
        stdout,
        stderr: Vec::new(),
        code: 0,
    })
}

fn rule_list(map: &CrushMap) -> String {
    let ids: Vec<String> = map.rules.keys().map(u32::to_string).collect();
    if ids.is_empty() {
        "no rules".to_owned()
    } else {
        format!("rules {}", ids.join(", "))
    }
}

fn parse_weights(raw: &[String]) -> Result<Vec<(i32, u32)>, BadInput> {
    raw.chunks(2)
        .map(|pair| {
            let device: i32 = pair[0].parse().map_err(|_| {
                BadInput(format!(
                    "--weight {}: the device must be an OSD id like 3",
                    pair[0]
                ))
            })?;
            let weight = pair[1]
                .parse::<f32>()
                .ok()
                .and_then(reweight)
                .ok_or_else(|| {
                    BadInput(format!(
                        "--weight {} {}: the weight must be between 0.0 (out) and 1.0",
                        pair[0], pair[1]
                    ))
                })?;
            Ok((device, weight))
        })
        .collect()
}

fn summary_text(
    map: &CrushMap,
    pool: &Pool,
    request: Option<&str>,
    file: &str,
) -> Result<String, BadInput> {
    let summary = summarize(map, pool);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "pool {} rule {} size {} pg_num {}",
        pool.id, pool.rule, pool.size, pool.pg_num
    );
    for (size, count) in &summary.sizes {
        let _ = writeln!(out, "result size {size}: {count}/{}", pool.pg_num);
    }
    let _ = writeln!(out, "bad mappings: {}", summary.bad);
    let _ = writeln!(out, "max/mean PGs per OSD: {:.3}", summary.max_over_mean);
    let topology = import_crush_map(map)
        .map_err(|e| BadInput(format!("{e} (in `{file}`)")))?
        .topology;
    let radii = blast_radii(map, pool, &topology);
    let kinds: Vec<&str> = topology
        .kinds
        .iter()
        .map(String::as_str)
        .chain(["host"])
        .collect();
    let _ = writeln!(
        out,
        "blast radius per PG (most replicas in one {}):",
        kinds.join(", one ")
    );
    let mut by_count: Vec<(&Vec<u32>, &u32)> = radii.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (radius, count) in by_count {
        let _ = writeln!(
            out,
            "  {}: {count} PGs ({:.1} %)",
            report::radius(radius),
            f64::from(*count) * 100.0 / f64::from(pool.pg_num)
        );
    }
    let request = request
        .map(|path| input::request(path, &topology, None))
        .transpose()?;
    // The guarantee: the pool's worst placement group on the availability model.
    let quorum = request
        .as_ref()
        .map_or(majority(pool.size as u32), |r| r.quorum);
    let (worst, warnings) = worst_pg(map, pool, &topology, quorum, &Judge::new(&topology));
    if let Some(hosts) = worst {
        let words = availability_words(&assess(&topology, &hosts, quorum));
        let names: Vec<&str> = hosts
            .iter()
            .map(|&h| {
                topology
                    .hosts
                    .get(h)
                    .map_or("(unmapped)", |host| host.name.as_str())
            })
            .collect();
        let _ = writeln!(
            out,
            "guaranteed (the worst PG, on the availability model): {} on {}",
            words.headline,
            names.join(", ")
        );
    }
    for warning in warnings {
        let _ = writeln!(out, "  {warning}");
    }
    if let Some(request) = request {
        let plan = plan(&topology, &request);
        if let Some(availability) = &plan.availability {
            let _ = writeln!(
                out,
                "our optimum on the availability model: {}",
                availability_words(availability).headline
            );
        }
        let optimum = plan.placement.blast_radius(&topology);
        if optimum.is_empty() {
            let _ = writeln!(out, "our optimum: the request is infeasible on this map");
        } else {
            let at_best: u32 = radii
                .iter()
                .filter(|(radius, _)| radius.as_slice() <= optimum.as_slice())
                .map(|(_, count)| count)
                .sum();
            let _ = writeln!(
                out,
                "our optimum: {}; PGs as good: {at_best}/{} ({:.1} %)",
                report::radius(&optimum),
                pool.pg_num,
                f64::from(at_best) * 100.0 / f64::from(pool.pg_num)
            );
        }
    }
    for (osd, count) in &summary.per_osd {
        let _ = writeln!(out, "  osd.{osd}: {count}");
    }
    Ok(out)
}
