// Boots the app without an inline script, so the strict Content-Security-Policy holds.
// Trunk writes the hashed glue and wasm names into <meta> tags (Trunk.toml: pattern_script).
const content = (name) => document.querySelector(`meta[name="${name}"]`).content;
const wasm = content('trunk-wasm');
const glue = await import(content('trunk-js'));
await glue.default({ module_or_path: wasm });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
