#!/usr/bin/env node
// `npm run cost:chart -w apps/log-platform` runs this after the npm script has compiled the
// package: the chart data comes from dist/cli/cost-chart.js, Vega-Lite compiles the spec and
// Vega renders it to SVG in Node (no browser, no canvas). See README "Cost estimate".
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vega from 'vega';
import * as vl from 'vega-lite';

const require = createRequire(import.meta.url);
const loadBuilt = require('./load-built.js');
const chart = loadBuilt('../dist/cli/cost-chart.js', 'cost:chart');
const cost = loadBuilt('../dist/cli/cost.js', 'cost:chart');

let plan;
try {
  plan = chart.planChart(process.argv.slice(2), { env: process.env });
} catch (e) {
  if (e instanceof cost.UsageError || e.name === 'ValidationError' || /^(--from-benchmark|price file)/.test(e.message)) {
    process.stderr.write(`cost:chart: ${e.message}\n${chart.CHART_USAGE}\n`);
    process.exit(2);
  }
  throw e;
}
if (!plan) {
  process.stdout.write(`${chart.CHART_USAGE}\n`);
  process.exit(0);
}

const view = new vega.View(vega.parse(vl.compile(plan.spec).spec), { renderer: 'none' });
const svg = await view.toSVG();
view.finalize();
// Write next to the target and rename, so a failed run never leaves half a chart behind.
mkdirSync(path.dirname(plan.outFile), { recursive: true });
const tmp = `${plan.outFile}.${process.pid}.tmp`;
writeFileSync(tmp, `${svg}\n`);
renameSync(tmp, plan.outFile);
process.stdout.write(`wrote ${path.relative(process.cwd(), plan.outFile) || plan.outFile}\n`);
