//! `tenancy simulate crush`: run the core's CRUSH twin on a decompiled map, printing
//! `crushtool --test --show-mappings` lines, `osdmaptool --test-map-pgs-dump` lines, or a
//! pool simulated over its placement groups (text or JSON).

use clap::Subcommand;
use tenancy_core::Request;
use tenancy_core::crush::simulate::{
    Pool, TestRun, pg_dump, reweight, show_mappings, simulate_pool,
};
use tenancy_core::crush::{self, CrushMap};
use tenancy_core::export::{Target, pool_min_size};
use tenancy_core::import::import_crush_map;

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
    /// The pool's size (default: the request's replicas, --num-rep, or 3).
    #[arg(long)]
    size: Option<usize>,
    /// Replicas a placement group needs up to serve: the quorum of the availability (default:
    /// the request's quorum, or Ceph's default size - size/2).
    #[arg(long)]
    min_size: Option<u32>,
    /// OSDs that exist (max_osd; default: the map's devices).
    #[arg(long)]
    max_osd: Option<i32>,
    /// An OSD marked out; repeatable.
    #[arg(long)]
    mark_out: Vec<i32>,
    /// Print each placement group as `osdmaptool --test-map-pgs-dump` does.
    #[arg(long)]
    pg_dump: bool,
    /// A placement request (JSON) whose optimum the pool's placement groups are compared with
    /// (default: the pool's size with no rule, spread as widely as the hosts allow).
    #[arg(long, value_name = "FILE|-")]
    request: Option<String>,
    /// The pool summary as text or JSON.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// For people.
    Text,
    /// JSON.
    Json,
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
            let request = match &args.request {
                Some(file) => Some(read_request(&map, file, &args.map)?),
                None => None,
            };
            let size = args
                .size
                .or(request.as_ref().map(|r| r.replicas as usize))
                .or(args.num_rep.map(|n| n.max(0) as usize))
                .unwrap_or(3);
            let pool = Pool {
                id: pool_id,
                rule: args.rule.unwrap_or(0),
                size,
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
                let min_size = pool_min_size(args.min_size, request.as_ref(), size);
                if min_size == 0 || min_size as usize > size {
                    return Err(BadInput(format!(
                        "--min-size {min_size}: a placement group needs from 1 to the pool's \
                         size ({size}) replicas up; pass --min-size between 1 and {size}"
                    )));
                }
                let simulation = simulate_pool(&map, &pool, min_size, request.as_ref())
                    .map_err(|e| BadInput(format!("{e} (in `{}`)", args.map)))?;
                match args.format {
                    Format::Text => simulation.to_text(),
                    Format::Json => simulation.to_json_string(),
                }
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

/// The request, checked against the map's hosts and failure domains.
fn read_request(map: &CrushMap, file: &str, map_file: &str) -> Result<Request, BadInput> {
    let topology = import_crush_map(map)
        .map_err(|e| BadInput(format!("{e} (in `{map_file}`)")))?
        .topology;
    input::request(file, &topology, None)
}
