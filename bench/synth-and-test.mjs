#!/usr/bin/env node
// Times the main job and the test suite as a user runs them, several times each, and
// prints min / median / max wall-clock seconds, plus each median's ratio to a baseline
// measured in the same run (a bare Node start that loads cdktf). Targets (2-core machine):
// cold synth of all stacks <= 15 s, warm re-run <= 2 s, whole unit test suite <= 60 s.
// Usage: node bench/synth-and-test.mjs [--runs N] [--skip-tests]
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const skipTests = args.includes('--skip-tests');
const env = { ...process.env, CHECKPOINT_DISABLE: '1', TURBO_TELEMETRY_DISABLED: '1' };

function time(cmd, argv, prepare) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    prepare?.();
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, argv, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed:\n${r.stderr}`);
    samples.push(seconds);
  }
  samples.sort((a, b) => a - b);
  return { min: samples[0], median: samples[Math.floor(samples.length / 2)], max: samples[samples.length - 1] };
}

const clearOutputs = () => {
  for (const app of ['log-platform', 'mcp-server']) rmSync(path.join(root, 'apps', app, 'cdktf.out'), { recursive: true, force: true });
};

const rows = [];
const baseline = time(process.execPath, ['-e', "require('cdktf')"]);
rows.push(['baseline: node + require(cdktf)', baseline]);
rows.push(['synth script, both apps (no turbo, built)', time(process.execPath, ['scripts/synth.js', 'log-platform', 'mcp-server'], clearOutputs)]);
rows.push(['cold npm run synth (turbo --force: build + synth)', time('npx', ['turbo', 'run', 'synth', '--force', '--output-logs=none'], clearOutputs)]);
time('npx', ['turbo', 'run', 'synth', '--output-logs=none']);
rows.push(['warm npm run synth (turbo cache hit)', time('npx', ['turbo', 'run', 'synth', '--output-logs=none'])]);
if (!skipTests) {
  rows.push(['cold npm test (turbo --force)', time('npx', ['turbo', 'run', 'test', '//#test:repo', '--force', '--output-logs=none'])]);
}

const fmt = (n) => n.toFixed(2).padStart(7);
console.log(`runs per row: ${runs}; seconds (wall clock); ratio = median / baseline median`);
console.log(`${'measurement'.padEnd(52)}     min  median     max   ratio`);
for (const [name, s] of rows) {
  console.log(`${name.padEnd(52)} ${fmt(s.min)} ${fmt(s.median)} ${fmt(s.max)} ${(s.median / baseline.median).toFixed(1).padStart(7)}`);
}
