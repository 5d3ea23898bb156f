#!/usr/bin/env node
// Where `npm test`'s time goes: runs each package's jest on its own (one after the other, so the
// packages do not compete), and prints per package the wall and CPU seconds (/usr/bin/time, the
// whole process tree: jest, moto, the JVM, Terraform...) and its slowest suites. Run after
// `npm run build`. Numbers are for comparing packages and suites within one run, not targets.
// Usage: node bench/test-profile.mjs [--top N] [packages/shared apps/mcp-server ...]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '5' } }, allowPositionals: true });
const packages = positionals.length
  ? positionals
  : ['packages', 'apps'].flatMap((d) => readdirSync(path.join(root, d)).map((p) => `${d}/${p}`)).concat(['test']);
const out = mkdtempSync(path.join(tmpdir(), 'test-profile-'));
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');

console.log(`1-minute load average at start: ${loadavg()[0].toFixed(1)}`);
let wallSum = 0;
let cpuSum = 0;
for (const pkg of packages) {
  const isRepo = pkg === 'test';
  const json = path.join(out, `${pkg.replace(/\//g, '-')}.json`);
  const args = [jest, '--json', `--outputFile=${json}`, ...(isRepo ? ['-c', 'test/jest.config.js'] : [])];
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '__cpu=%U %S', process.execPath, ...args], {
    cwd: isRepo ? root : path.join(root, pkg),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuLine = /__cpu=([\d.]+) ([\d.]+)/.exec(r.stderr);
  const cpu = cpuLine ? Number(cpuLine[1]) + Number(cpuLine[2]) : NaN;
  wallSum += wall;
  cpuSum += cpu;
  const result = JSON.parse(readFileSync(json, 'utf8'));
  console.log(
    `\n${pkg}: wall ${wall.toFixed(1)} s, cpu ${cpu.toFixed(1)} s; ${result.numTotalTests} tests ` +
      `(${result.numPassedTests} passed, ${result.numFailedTests} failed, ${result.numPendingTests} skipped) in ${result.numTotalTestSuites} suites`,
  );
  const suites = result.testResults
    .map((s) => ({
      seconds: (s.endTime - s.startTime) / 1000,
      tests: s.assertionResults.length,
      file: path.relative(root, s.name),
    }))
    .sort((a, b) => b.seconds - a.seconds);
  for (const s of suites.slice(0, Number(values.top)))
    console.log(`  ${s.seconds.toFixed(2).padStart(7)} s ${String(s.tests).padStart(4)} tests  ${s.file}`);
}
console.log(`\nsum over packages: wall ${wallSum.toFixed(1)} s, cpu ${cpuSum.toFixed(1)} s (npm test runs them in parallel)`);
