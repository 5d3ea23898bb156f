import { findRepoRoot } from '@aws-log-mcp/shared';
import * as path from 'node:path';
import { breakEven, estimate, fmtBytes, round } from '../cost/model';
import { describePartitionSpec } from '../cost/settings';
import { CostCliIo, costContext, CostContext, parseCostArgs, UsageError } from './cost';

/** Where `npm run cost:chart` writes the chart unless `--out` says otherwise. */
export const DEFAULT_CHART_FILE = 'apps/log-platform/docs/cost-by-volume.svg';

/** Volumes the chart plots: 1 to 1,000 GB a day, ten points a decade. */
export const CHART_VOLUMES: readonly number[] = Array.from({ length: 31 }, (_, i) => round(10 ** (i / 10)));

export const CHART_USAGE = `usage: cost:chart [--env <name>] [--region <code>] [--out <file.svg>] [--queries-per-day <n>]
                  [--query-window-hours <n> | --scanned-gb-per-query <n> | --from-benchmark]
                  [--avg-record-bytes <n>] [--stored-ratio <r>] [--error-fraction <f>]
Plots the monthly cost of the log platform and of CloudWatch Logs (Standard, Infrequent Access)
for 1 to 1,000 GB of logs a day at the environment's retention, as SVG (default ${DEFAULT_CHART_FILE}).`;

export interface ChartPlan {
  /** Absolute path of the SVG to write. */
  readonly outFile: string;
  /** Vega-Lite specification with the data inlined. */
  readonly spec: Record<string, unknown>;
}

/** Parses the chart's flags, computes every point and returns the Vega-Lite spec; throws UsageError. */
export function planChart(
  argv: readonly string[],
  io: Pick<CostCliIo, 'env' | 'priceFile' | 'benchmarkFile'>,
): ChartPlan | undefined {
  const rest = [...argv];
  let out: string | undefined;
  const at = rest.indexOf('--out');
  if (at >= 0) {
    const value = rest[at + 1];
    if (value === undefined || value.startsWith('--') || !value.endsWith('.svg'))
      throw new UsageError('--out: needs a file name ending in .svg');
    out = value;
    rest.splice(at, 2);
  }
  for (const flag of ['--gb-per-day', '--json'])
    if (rest.includes(flag))
      throw new UsageError(`${flag}: not a chart option (the chart sweeps 1 to 1000 GB a day and writes SVG)`);
  const options = parseCostArgs(['--gb-per-day', '1', ...rest]);
  if (!options) return undefined;
  const ctx = costContext(options, io);
  // npm runs workspace scripts in the workspace folder; INIT_CWD is where the user typed the command.
  const outFile = out
    ? path.resolve(io.env.INIT_CWD ?? process.cwd(), out)
    : path.join(findRepoRoot(__dirname), DEFAULT_CHART_FILE);
  return { outFile, spec: chartSpec(ctx) };
}

/** The Vega-Lite specification of the chart for one context (deterministic: same input, same spec). */
export function chartSpec(ctx: CostContext): Record<string, unknown> {
  const rows: { gbPerDay: number; option: string; usd: number }[] = [];
  for (const gbPerDay of CHART_VOLUMES) {
    const e = estimate({ ...ctx.inputs, gbPerDay }, ctx.settings, ctx.prices, ctx.region);
    for (const o of e.options) {
      if (o.totalUsd === null)
        throw new UsageError(
          `--region: ${ctx.region} has no price for ${o.unpriced.join(', ')} in the price file, so "${o.label}" cannot be charted; pass --region us-east-1 or add the prices`,
        );
      rows.push({ gbPerDay, option: o.label, usd: Math.round(o.totalUsd * 100) / 100 });
    }
  }
  const labels = [...new Set(rows.map((r) => r.option))];
  const breakEvens = (['cloudwatch-standard', 'cloudwatch-infrequent-access'] as const).map((id) => ({
    name: id === 'cloudwatch-standard' ? 'Standard' : 'Infrequent Access',
    b: breakEven(ctx.inputs, ctx.settings, ctx.prices, ctx.region, id),
  }));
  const crossings = breakEvens.flatMap(({ name, b }) =>
    b.gbPerDay !== null && b.gbPerDay >= 1 && b.gbPerDay <= 1000 ? [{ gbPerDay: b.gbPerDay, against: name }] : [],
  );
  const breakEvenText = breakEvens
    .map(({ name, b }) => `vs ${name} ${b.gbPerDay === null ? 'none' : `${b.gbPerDay} GB/day`}`)
    .join(', ');
  const s = ctx.settings;
  const scan =
    ctx.inputs.athenaScan.kind === 'benchmark'
      ? 'Athena scans from the scan benchmark'
      : ctx.inputs.athenaScan.kind === 'fixed'
        ? `${ctx.inputs.athenaScan.gbPerQuery} GB read per Athena query`
        : `queries over the last ${ctx.inputs.queryWindowHours} h`;
  const x = {
    field: 'gbPerDay',
    type: 'quantitative',
    scale: { type: 'log', domain: [1, 1000] },
    title: 'Log volume (GB a day, log scale)',
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 640,
    height: 380,
    background: 'white',
    title: {
      text: 'Monthly cost by log volume',
      // Lines under ~70 characters: without a canvas Vega estimates text width generously and would widen the SVG.
      subtitle: [
        `${ctx.region} list prices read ${ctx.prices.readOn}`,
        `retention ${s.retentionDays} days, ${describePartitionSpec(s.partitionSpec)}, ${ctx.inputs.avgRecordBytes}-byte records`,
        `${ctx.inputs.queriesPerDay} queries/day, ${scan}, Athena cutoff ${fmtBytes(s.athena.bytesScannedCutoff)}`,
        `table stored at ${ctx.inputs.storedRatio} of the raw size`,
        'break-even volume (platform cheaper above it, dashed):',
        breakEvenText,
      ],
      anchor: 'start',
    },
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', point: { size: 18 }, strokeWidth: 2 },
        encoding: {
          x,
          y: { field: 'usd', type: 'quantitative', scale: { type: 'log' }, title: 'USD a month (log scale)' },
          color: {
            field: 'option',
            type: 'nominal',
            scale: { domain: labels, range: ['#1b7837', '#b2182b', '#ef8a62'] },
            legend: { title: null, orient: 'top-left', labelLimit: 420 },
          },
        },
      },
      // Dashed rules mark the break-even volumes that fall inside the plotted range.
      ...(crossings.length
        ? [{ data: { values: crossings }, mark: { type: 'rule', strokeDash: [4, 4], color: '#555' }, encoding: { x } }]
        : []),
    ],
  };
}
