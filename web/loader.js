// Boots the app without an inline script, so the strict Content-Security-Policy holds.
// Trunk writes the hashed glue and wasm names into <meta> tags (Trunk.toml: pattern_script).
const content = (name) => document.querySelector(`meta[name="${name}"]`).content;
const wasm = content('trunk-wasm');
const glue = await import(content('trunk-js'));
await glue.default({ module_or_path: wasm });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));

// The first view is on screen. The details (reasons, neighbours, warnings, controls) and the panels
// (placement, topologies, exports, twins, sharing) are a second module, with its own styles, in
// the places the first view left for them; the embed card leaves none.
const host = document.getElementById('panels');
if (host) {
  await new Promise((done) => setTimeout(done, 0));
  try {
    // The styles, the glue and the wasm are fetched at once; the panels mount once all are in.
    const styles = new Promise((loaded, failed) => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = './tenancy-panels.css';
      link.onload = loaded;
      link.onerror = () => failed(new Error('tenancy-panels.css did not load'));
      document.head.append(link);
    });
    const wasm = fetch('./tenancy-panels_bg.wasm');
    await new Promise((loaded, failed) => {
      const script = document.createElement('script');
      script.src = './tenancy-panels.js';
      script.onload = loaded;
      script.onerror = () => failed(new Error('tenancy-panels.js did not load'));
      document.head.append(script);
    });
    await styles;
    // The panels' glue (wasm-bindgen's no-modules output) defines the global `wasm_bindgen`.
    await wasm_bindgen({ module_or_path: wasm });
  } catch (error) {
    const why = `did not load (${error.message}). Reload the page to try again.`;
    const say = (testid, what) => {
      const status = document.querySelector(`[data-testid=${testid}]`);
      if (status) status.textContent = `${what} ${why}`;
    };
    say('panels-loading', 'The placement, topology and export panels');
    say('details-loading', 'The reasons, neighbours, warnings and controls');
  }
}
