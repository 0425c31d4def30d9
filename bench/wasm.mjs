// The wasm side of `cargo xtask bench`: times `place` compiled to wasm32 in Node, on the same
// instance files the native harness times (or, with LIST `kube`, the kube-scheduler twin on the
// index's generated clusters; with LIST `crush`, the CRUSH twin mapping inputs 0..INPUTS of each
// CRUSH instance's map, NUM_REP replicas each). Usage: node wasm.mjs PKG.js DIR RUNS
// [solver|kube|crush NUM_REP INPUTS]
// PKG.js is `wasm-bindgen --target nodejs` output of the tenancy-bench crate. Parsing happens in
// `load`, outside the timing; each `solve` call is timed with performance.now(). The first call is
// reported on its own (V8 runs new wasm code in its baseline compiler, Liftoff); then, like the
// native side, warm-up calls for at least a second (yielding to the event loop between calls, as
// an app does between events, which lets V8 install its optimised TurboFan code), then RUNS runs
// (fewer past two seconds, at least three): median and minimum.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const [pkg, dir, runsArg, list = 'solver', numRep, inputs] = process.argv.slice(2);
const runs = Number(runsArg);
const wasm = createRequire(import.meta.url)(resolve(pkg));
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));

// Times `call`: the first call alone, warm-up for at least a second, then the timed runs.
async function measure(name, call) {
  const first = performance.now();
  const outcome = call();
  const firstS = (performance.now() - first) / 1000;
  let warmups = 0;
  while (warmups < 3 || performance.now() - first < 1000) {
    call();
    warmups += 1;
    await yieldToLoop();
  }
  const times = [];
  const started = performance.now();
  while (times.length < Math.max(runs, 3) && (times.length < 3 || performance.now() - started < 2000)) {
    const start = performance.now();
    call();
    times.push((performance.now() - start) / 1000);
    await yieldToLoop();
  }
  times.sort((a, b) => a - b);
  return {
    name,
    outcome,
    first_s: firstS,
    median_s: times[Math.floor(times.length / 2)],
    min_s: times[0],
    runs: times.length,
  };
}

const results = [];
for (const entry of index[list]) {
  if (list === 'kube') {
    const id = wasm.kube_load(entry.nodes);
    results.push(await measure(entry.name, () => wasm.kube_schedule(id, entry.replicas)));
  } else if (list === 'crush') {
    const id = wasm.crush_load(readFileSync(join(dir, entry.map), 'utf8'));
    const [rep, count] = [Number(numRep), Number(inputs)];
    results.push(await measure(entry.name, () => wasm.crush_twin(id, rep, count)));
  } else {
    const id = wasm.load(
      readFileSync(join(dir, entry.topology), 'utf8'),
      readFileSync(join(dir, entry.request), 'utf8'),
    );
    results.push(await measure(entry.name, () => wasm.solve(id)));
  }
}
console.log(JSON.stringify(results));
