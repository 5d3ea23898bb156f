#!/usr/bin/env node
// Times the main job and the test suite as a user runs them and prints, per measurement,
// min / median / max wall-clock seconds, the median CPU seconds (user + system of the whole
// process tree, from /usr/bin/time) and each median's ratio to a baseline measured in the same
// run (a bare Node start that loads cdktf). With --before <dir> (a checkout of an earlier
// commit, with its node_modules installed) every measurement also runs there, interleaved with
// this checkout's runs, so "before" and "after" share the machine's load; the last column is then
// after / before. Targets (2-core machine): cold synth <= 8 s, warm synth <= 1 s, cold npm test
// <= 45 s.
// Usage: node bench/synth-and-test.mjs [--runs N] [--test-runs N] [--skip-tests] [--before <dir>]
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'test-runs': { type: 'string' },
    'skip-tests': { type: 'boolean', default: false },
    before: { type: 'string' },
  },
});
const runs = Number(values.runs);
const testRuns = Number(values['test-runs'] ?? values.runs);
const before = values.before ? path.resolve(values.before) : undefined;
const env = { ...process.env, CHECKPOINT_DISABLE: '1', TURBO_TELEMETRY_DISABLED: '1' };

/** One run of `cmd` in `cwd` under /usr/bin/time: wall and CPU seconds. */
function once(cwd, cmd, argv) {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '__cpu=%U %S', cmd, ...argv], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuLine = /__cpu=([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (!cpuLine) throw new Error(`${cmd} ${argv.join(' ')} did not run in ${cwd}:\n${r.stderr.slice(-4000)}`);
  // A failed run (a load-sensitive test, say) is still timed, and counted in the table.
  if (r.status !== 0) process.stderr.write(`note: ${cmd} ${argv.join(' ')} exited ${r.status} in ${cwd}\n`);
  return { wall, cpu: Number(cpuLine[1]) + Number(cpuLine[2]), failed: r.status !== 0 };
}

const clearOutputs = (dir) => () => {
  for (const app of ['log-platform', 'mcp-server'])
    rmSync(path.join(dir, 'apps', app, 'cdktf.out'), { recursive: true, force: true });
};

const npx = (...args) => ['npx', args];
const measurements = [
  { name: 'baseline: node + require(cdktf)', cmd: [process.execPath, ['-e', "require('cdktf')"]], n: runs },
  {
    name: 'synth script, both apps (no turbo, built)',
    cmd: [process.execPath, ['scripts/synth.js', 'log-platform', 'mcp-server']],
    prepare: clearOutputs,
    n: runs,
  },
  {
    name: 'cold npm run synth (turbo --force: build + synth)',
    cmd: npx('turbo', 'run', 'synth', '--force', '--output-logs=none'),
    prepare: clearOutputs,
    n: runs,
  },
  {
    name: 'warm npm run synth (turbo cache hit)',
    cmd: npx('turbo', 'run', 'synth', '--output-logs=none'),
    warmUp: true,
    n: runs,
  },
];
if (!values['skip-tests']) {
  // `npm test` as the README runs it (setup check included), every task forced.
  measurements.push({
    name: 'cold npm test (turbo --force, every suite)',
    cmd: ['npm', ['test', '--silent', '--', '--force', '--continue', '--output-logs=none']],
    n: testRuns,
  });
}

const trees = before
  ? [
      ['after', root],
      ['before', before],
    ]
  : [['after', root]];
const load = [loadavg()[0]];
const results = {};
for (const m of measurements) {
  for (const [, dir] of trees) if (m.warmUp) once(dir, m.cmd[0], m.cmd[1]);
  for (let i = 0; i < m.n; i++) {
    for (const [label, dir] of trees) {
      m.prepare?.(dir)();
      ((results[m.name] ??= {})[label] ??= []).push(once(dir, m.cmd[0], m.cmd[1]));
    }
  }
  load.push(loadavg()[0]);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (samples) => {
  const walls = samples.map((s) => s.wall).sort((a, b) => a - b);
  return {
    min: walls[0],
    median: median(walls),
    max: walls[walls.length - 1],
    cpu: median(samples.map((s) => s.cpu)),
    failed: samples.filter((s) => s.failed).length,
  };
};
const fmt = (n) => n.toFixed(2).padStart(7);
const baseline = summary(results[measurements[0].name].after);
console.log(
  `runs per row: ${runs} (tests: ${testRuns}); seconds; cpu = median user+system seconds of the process tree; ` +
    `x base = median / baseline median${before ? `; after/before = this checkout's median / ${before}'s, same run` : ''}`,
);
console.log(`1-minute load average during the run: ${load.map((l) => l.toFixed(1)).join(' -> ')} on ${cpus().length} cores`);
console.log(
  `${'measurement'.padEnd(52)} ${'tree'.padEnd(6)}     min  median     max     cpu  x base${before ? ' after/before' : ''}`,
);
for (const m of measurements) {
  for (const [label] of trees) {
    const s = summary(results[m.name][label]);
    const vs = before && label === 'after' ? (s.median / summary(results[m.name].before).median).toFixed(2).padStart(13) : '';
    console.log(
      `${m.name.padEnd(52)} ${label.padEnd(6)} ${fmt(s.min)} ${fmt(s.median)} ${fmt(s.max)} ${fmt(s.cpu)} ${(s.median / baseline.median).toFixed(1).padStart(7)}${vs}${s.failed ? `  (${s.failed} run(s) exited non-zero)` : ''}`,
    );
  }
}
