"""The CP-SAT side of `cargo xtask bench`: the same placement problems as `tenancy_core::place`.

Usage: cpsat.py DIR RUNS — reads DIR/index.json (written by `tenancy-bench write`), and for each
solver instance builds a CP-SAT model of the topology and request and minimises the blast radius
lexicographically: widest kind first, minimise the most replicas in one domain of that kind, fix
it, next kind, ..., then `host`. Prints one JSON list: per instance the outcome in the harness's
form ("2,3,1,1,1,1,1" or "infeasible"), the solver statuses, and the median over RUNS of the model
building time, the solve time (the `Solve` calls only) and their sum. Python start-up and the
JSON reading are outside every timing. One worker, like our single-threaded solver.
"""

import json
import statistics
import sys
import time

from ortools.sat.python import cp_model


def eligible_hosts(topology, request):
    """Hosts that match `select`, have a slot and have a domain of every ruled kind."""
    select = request.get("select", {})
    ruled = {rule["kind"] for rule in request["rules"] if rule["kind"] != "host"}
    return [
        host
        for host in topology["hosts"]
        if host.get("slots", 1) > 0
        and all(host.get("labels", {}).get(k) == v for k, v in select.items())
        and all(kind in host.get("domains", {}) for kind in ruled)
    ]


def solve(topology, request):
    """One full lexicographic solve; returns (outcome, statuses, build seconds, solve seconds)."""
    build = 0.0
    solving = 0.0
    started = time.perf_counter()
    replicas = request["replicas"]
    kinds = topology["kinds"] + ["host"]
    hosts = eligible_hosts(topology, request)
    model = cp_model.CpModel()
    x = [model.new_int_var(0, host.get("slots", 1), f"x{i}") for i, host in enumerate(hosts)]
    model.add(sum(x) == replicas)
    members = {kind: {} for kind in kinds}
    for i, host in enumerate(hosts):
        for kind in topology["kinds"]:
            domain = host.get("domains", {}).get(kind)
            if domain is not None:
                members[kind].setdefault(domain, []).append(i)
        members["host"][host["name"]] = [i]
    loads = {
        kind: [sum(x[i] for i in idx) for idx in domains.values()]
        for kind, domains in members.items()
    }
    for rule in request["rules"]:
        kind_loads = loads[rule["kind"]]
        if "max_per_domain" in rule:
            for load in kind_loads:
                model.add(load <= rule["max_per_domain"])
        elif "min_domains" in rule:
            used = [model.new_bool_var("") for _ in kind_loads]
            for load, flag in zip(kind_loads, used):
                model.add(load >= flag)
            model.add(sum(used) >= rule["min_domains"])
        elif "max_skew" in rule:
            high = model.new_int_var(0, replicas, "")
            low = model.new_int_var(0, replicas, "")
            for load in kind_loads:
                model.add(load <= high)
                model.add(load >= low)
            model.add(high - low <= rule["max_skew"])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    build += time.perf_counter() - started
    vector = []
    statuses = []
    for kind in kinds:
        started = time.perf_counter()
        bound = model.new_int_var(0, replicas, f"max_{kind}")
        for load in loads[kind]:
            model.add(load <= bound)
        model.minimize(bound)
        build += time.perf_counter() - started
        started = time.perf_counter()
        status = solver.solve(model)
        solving += time.perf_counter() - started
        statuses.append(solver.status_name(status))
        if status == cp_model.INFEASIBLE:
            return "infeasible", statuses, build, solving
        if status != cp_model.OPTIMAL:
            return "unknown", statuses, build, solving
        best = round(solver.objective_value)
        vector.append(best)
        started = time.perf_counter()
        model.add(bound <= best)
        build += time.perf_counter() - started
    return ",".join(map(str, vector)), statuses, build, solving


def main():
    directory, runs = sys.argv[1], int(sys.argv[2])
    with open(f"{directory}/index.json") as f:
        index = json.load(f)
    results = []
    for entry in index["solver"]:
        with open(f"{directory}/{entry['topology']}") as f:
            topology = json.load(f)
        with open(f"{directory}/{entry['request']}") as f:
            request = json.load(f)
        builds, solves, totals = [], [], []
        # The 100,000-host instance takes CP-SAT half a minute: once is enough there.
        for _ in range(runs if entry["hosts"] <= 10_000 else 1):
            outcome, statuses, build, solving = solve(topology, request)
            builds.append(build)
            solves.append(solving)
            totals.append(build + solving)
        results.append(
            {
                "name": entry["name"],
                "outcome": outcome,
                "statuses": statuses,
                "build_s": statistics.median(builds),
                "solve_s": statistics.median(solves),
                "total_s": statistics.median(totals),
                "runs": len(totals),
            }
        )
        print(f"cpsat: {entry['name']}: {outcome} in {statistics.median(totals):.3f} s", file=sys.stderr)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
