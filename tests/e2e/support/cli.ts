// The `tenancy` CLI built by `cargo xtask test`: the web app must agree with it, preset by preset.
import { execFileSync } from 'node:child_process';

const cli = process.env.TENANCY_CLI;

/** The CLI's recommendation JSON for a preset. */
export function recommendPreset(id: string): any {
  if (!cli) throw new Error('TENANCY_CLI is not set: run the end-to-end tests with `cargo xtask test`');
  return JSON.parse(execFileSync(cli, ['recommend', '--preset', id], { encoding: 'utf8' }));
}

/** Every preset id the CLI lists. */
export function presetIds(): string[] {
  if (!cli) throw new Error('TENANCY_CLI is not set: run the end-to-end tests with `cargo xtask test`');
  return execFileSync(cli, ['presets'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.split(/\s+/)[0]);
}
