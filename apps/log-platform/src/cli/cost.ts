import { findRepoRoot, loadPlatformConfig, RegionSchema, ValidationError } from '@aws-log-mcp/shared';
import * as path from 'node:path';
import { benchmarkedQueries, DEFAULT_BENCHMARK_FILE, loadScanBenchmark } from '../cost/benchmark';
import {
  AthenaScan,
  ASSUMPTIONS,
  BreakEven,
  breakEven,
  CostInputs,
  CostOption,
  DEFAULT_INPUTS,
  Estimate,
  estimate,
  lingerDays,
  round,
} from '../cost/model';
import { DEFAULT_PRICE_FILE, PriceBook } from '../cost/price-book';
import { CostSettings, describePartitionSpec, readCostSettings } from '../cost/settings';
import { DAYS_PER_MONTH } from '../cost/units';

export const USAGE = `usage: cost [--env <name>] --gb-per-day <n> [--avg-record-bytes <n>] [--queries-per-day <n>]
            [--scanned-gb-per-query <n> | --from-benchmark] [--query-window-hours <n>]
            [--stored-ratio <r>] [--error-fraction <f>] [--region <code>] [--json]

Monthly cost of the log platform (Firehose -> S3 Tables -> Athena) for one environment of
config/platform.json, next to CloudWatch Logs Standard and Infrequent Access for the same logs.
  --env <name>                 environment to read (default: the only one in the file)
  --gb-per-day <n>             GB (2^30 bytes) of log data a day, > 0 and <= 100000 (required)
  --avg-record-bytes <n>       average record size, 1-1024000 (default ${DEFAULT_INPUTS.avgRecordBytes})
  --queries-per-day <n>        queries a day, whole number 0-1000000 (default ${DEFAULT_INPUTS.queriesPerDay})
  --query-window-hours <n>     hours of logs each query covers, > 0 (default ${DEFAULT_INPUTS.queryWindowHours})
  --scanned-gb-per-query <n>   GB each Athena query reads (default: the partitions the window touches)
  --from-benchmark             take each named query's scan from the scan benchmark's result file
  --stored-ratio <r>           stored (Parquet) bytes per raw byte, (0, 1] (default ${DEFAULT_INPUTS.storedRatio})
  --error-fraction <f>         share of records that fail delivery, [0, 1] (default ${DEFAULT_INPUTS.errorFraction})
  --region <code>              price region (default: the environment's region)
  --json                       print the estimate as JSON
Exit status: 0 estimate printed, 2 usage, configuration or input error.`;

export interface CostCliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Price file to read. @default `apps/log-platform/data/aws-prices.json` */
  readonly priceFile?: string;
  /** Benchmark result file `--from-benchmark` reads. @default `apps/log-platform/bench/results/scan-benchmark.json` */
  readonly benchmarkFile?: string;
}

const defaultIo: CostCliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
};

/** A bad flag or value: the message names the flag and the rule. */
export class UsageError extends Error {}

export interface CostOptions {
  /** `--env`: the configured environment to price. @default the only environment (an error when there are several) */
  readonly env?: string;
  /** `--region`: price list region. @default the environment's region */
  readonly region?: string;
  readonly json: boolean;
  readonly fromBenchmark: boolean;
  /** `--scanned-gb-per-query`: a fixed scan per query in GB. @default the model's estimate */
  readonly scannedGbPerQuery?: number;
  readonly inputs: Omit<CostInputs, 'athenaScan'>;
}

interface NumberRule {
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
  readonly minExclusive?: boolean;
  readonly what: string;
}

const RULES: Record<string, NumberRule> = {
  '--gb-per-day': { min: 0, max: 100_000, minExclusive: true, what: 'a number greater than 0 and at most 100000 (GB a day)' },
  '--avg-record-bytes': { min: 1, max: 1_024_000, integer: true, what: 'a whole number of bytes from 1 to 1024000' },
  '--queries-per-day': { min: 0, max: 1_000_000, integer: true, what: 'a whole number from 0 to 1000000' },
  '--query-window-hours': { min: 0, max: 87_600, minExclusive: true, what: 'a number of hours greater than 0 and at most 87600' },
  '--scanned-gb-per-query': { min: 0, max: 1_000_000, what: 'a number of GB from 0 to 1000000' },
  '--stored-ratio': { min: 0, max: 1, minExclusive: true, what: 'a ratio greater than 0 and at most 1' },
  '--error-fraction': { min: 0, max: 1, what: 'a fraction from 0 to 1' },
};

function parseNumber(flag: string, value: string): number {
  const rule = RULES[flag];
  const bad = () => new UsageError(`${flag}: must be ${rule.what} (got ${JSON.stringify(value)})`);
  if (!/^\d+(\.\d+)?$/.test(value)) throw bad();
  const n = Number(value);
  if (!Number.isFinite(n) || (rule.integer && !Number.isInteger(n))) throw bad();
  if (n < rule.min || (rule.minExclusive && n === rule.min) || n > rule.max) throw bad();
  return n;
}

/** Parses the command line; throws {@link UsageError}; returns `undefined` for `--help`. */
export function parseCostArgs(argv: readonly string[]): CostOptions | undefined {
  const seen = new Set<string>();
  const numbers: Record<string, number> = {};
  let env: string | undefined;
  let region: string | undefined;
  let json = false;
  let fromBenchmark = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return undefined;
    if (!flag.startsWith('--')) throw new UsageError(`unexpected argument ${JSON.stringify(flag)} (flags start with --)`);
    if (seen.has(flag)) throw new UsageError(`${flag}: given twice`);
    seen.add(flag);
    if (flag === '--json') json = true;
    else if (flag === '--from-benchmark') fromBenchmark = true;
    else if (flag === '--env' || flag === '--region' || flag in RULES) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag}: needs a value`);
      i++;
      if (flag === '--env') env = value;
      else if (flag === '--region') {
        if (!RegionSchema.safeParse(value).success)
          throw new UsageError(`--region: must be an AWS region code such as "eu-west-1" (got ${JSON.stringify(value)})`);
        region = value;
      } else numbers[flag] = parseNumber(flag, value);
    } else throw new UsageError(`unknown option ${JSON.stringify(flag)}`);
  }
  if (numbers['--gb-per-day'] === undefined) throw new UsageError('--gb-per-day: is required (GB of log data a day)');
  if (fromBenchmark && numbers['--scanned-gb-per-query'] !== undefined)
    throw new UsageError('--scanned-gb-per-query and --from-benchmark: give one of them, not both');
  if (fromBenchmark && numbers['--query-window-hours'] !== undefined)
    throw new UsageError("--query-window-hours and --from-benchmark: the benchmark names each query's window; give one of them");
  return {
    env,
    region,
    json,
    fromBenchmark,
    inputs: {
      gbPerDay: numbers['--gb-per-day'],
      avgRecordBytes: numbers['--avg-record-bytes'] ?? DEFAULT_INPUTS.avgRecordBytes,
      queriesPerDay: numbers['--queries-per-day'] ?? DEFAULT_INPUTS.queriesPerDay,
      queryWindowHours: numbers['--query-window-hours'] ?? DEFAULT_INPUTS.queryWindowHours,
      storedRatio: numbers['--stored-ratio'] ?? DEFAULT_INPUTS.storedRatio,
      errorFraction: numbers['--error-fraction'] ?? DEFAULT_INPUTS.errorFraction,
    },
    scannedGbPerQuery: numbers['--scanned-gb-per-query'],
  };
}

/** Everything an estimate needs besides the volume, resolved from the options and the repository. */
export interface CostContext {
  readonly settings: CostSettings;
  readonly prices: PriceBook;
  readonly region: string;
  readonly inputs: CostInputs;
  readonly benchmark?: { readonly file: string; readonly provenance: unknown };
}

/** Loads the environment, prices and (with `--from-benchmark`) the benchmark; throws with the field and rule named. */
export function costContext(o: CostOptions, io: Pick<CostCliIo, 'env' | 'priceFile' | 'benchmarkFile'>): CostContext {
  const all = loadPlatformConfig({ rootDir: findRepoRoot(__dirname), env: { ...io.env, PLATFORM_ENVIRONMENTS: undefined } });
  const names = all.map((e) => e.name).join(', ');
  const chosen = o.env ? all.find((e) => e.name === o.env) : all.length === 1 ? all[0] : undefined;
  if (!chosen)
    throw new UsageError(
      o.env
        ? `--env: no environment ${JSON.stringify(o.env)} in the configuration (environments: ${names})`
        : `--env: the configuration has ${all.length} environments (${names}); name one`,
    );
  const settings = readCostSettings(chosen);
  const prices = PriceBook.load(io.priceFile ?? DEFAULT_PRICE_FILE);
  const region = o.region ?? settings.region;
  if (!prices.regions.includes(region))
    throw new UsageError(
      `--region: ${region} has no prices in ${path.basename(prices.file)} (regions: ${prices.regions.join(', ')}); pass --region or add its prices`,
    );
  let athenaScan: AthenaScan = { kind: 'window' };
  let benchmark: CostContext['benchmark'];
  if (o.fromBenchmark) {
    const file = io.benchmarkFile ?? DEFAULT_BENCHMARK_FILE;
    const b = loadScanBenchmark(file);
    athenaScan = { kind: 'benchmark', queries: benchmarkedQueries(b), file };
    benchmark = { file, provenance: b.provenance };
  } else if (o.scannedGbPerQuery !== undefined) athenaScan = { kind: 'fixed', gbPerQuery: o.scannedGbPerQuery };
  return { settings, prices, region, inputs: { ...o.inputs, athenaScan }, ...(benchmark ? { benchmark } : {}) };
}

/** The estimate as `--json` prints it (README "Cost estimate" lists the fields). */
export interface CostReport {
  readonly env: string;
  readonly region: string;
  readonly prices: { readonly file: string; readonly readOn: string };
  readonly daysPerMonth: number;
  readonly settings: Record<string, unknown>;
  readonly stack: CostSettings['footprint'];
  readonly assumptions: typeof ASSUMPTIONS;
  readonly benchmark?: { readonly file: string; readonly provenance: unknown };
  readonly estimate: Estimate;
  readonly breakEven: Record<'cloudwatch-standard' | 'cloudwatch-infrequent-access', BreakEven>;
}

export function costReport(ctx: CostContext): CostReport {
  const e = estimate(ctx.inputs, ctx.settings, ctx.prices, ctx.region);
  const { footprint, ...settings } = ctx.settings;
  return {
    env: ctx.settings.env,
    region: ctx.region,
    prices: { file: path.relative(findRepoRoot(__dirname), ctx.prices.file), readOn: ctx.prices.readOn },
    daysPerMonth: DAYS_PER_MONTH,
    settings: {
      ...settings,
      partitionSpec: describePartitionSpec(ctx.settings.partitionSpec),
      lingerDays: lingerDays(ctx.settings.maintenance),
    },
    stack: footprint,
    assumptions: ASSUMPTIONS,
    ...(ctx.benchmark
      ? { benchmark: { ...ctx.benchmark, file: path.relative(findRepoRoot(__dirname), ctx.benchmark.file) } }
      : {}),
    estimate: e,
    breakEven: {
      'cloudwatch-standard': breakEven(ctx.inputs, ctx.settings, ctx.prices, ctx.region, 'cloudwatch-standard'),
      'cloudwatch-infrequent-access': breakEven(ctx.inputs, ctx.settings, ctx.prices, ctx.region, 'cloudwatch-infrequent-access'),
    },
  };
}

const usd = (x: number | null) => (x === null ? 'unpriced' : `$${x.toFixed(2)}`);
const qty = (x: number) => round(x).toLocaleString('en-US', { maximumFractionDigits: 4 });

function formatOption(o: CostOption, region: string): string {
  const width = Math.max(...o.lines.map((l) => l.label.length));
  const rows = o.lines.map((l) => {
    const amount = `${qty(l.quantity)} ${l.unit}`;
    return `  ${l.label.padEnd(width)}  ${amount.padStart(24)}  ${usd(l.usd).padStart(10)}\n      ${l.detail}`;
  });
  const total =
    o.totalUsd === null ? `at least ${usd(o.pricedUsd)} (no ${region} price for: ${o.unpriced.join(', ')})` : usd(o.totalUsd);
  return `${o.label}\n${rows.join('\n')}\n  ${'Total a month'.padEnd(width)}  ${''.padStart(24)}  ${total}\n`;
}

/** The estimate as text. */
export function formatCostReport(r: CostReport, ctx: CostContext): string {
  const s = ctx.settings;
  const i = ctx.inputs;
  const scan =
    i.athenaScan.kind === 'benchmark'
      ? `Athena scans from the scan benchmark (${path.relative(findRepoRoot(__dirname), i.athenaScan.file)})`
      : i.athenaScan.kind === 'fixed'
        ? `${i.athenaScan.gbPerQuery} GB read per Athena query (--scanned-gb-per-query)`
        : `each query covers the last ${i.queryWindowHours} h`;
  const head = [
    `Cost estimate for environment ${s.env}, prices for ${ctx.region} (${r.prices.file}, read ${r.prices.readOn}); USD a month of ${round(DAYS_PER_MONTH)} days, GB = 2^30 bytes`,
    `${i.gbPerDay} GB/day of ${i.avgRecordBytes}-byte records, ${i.queriesPerDay} queries/day, ${scan}`,
    `Retention ${s.retentionDays} days (${s.retentionFrom}), partitioning ${describePartitionSpec(s.partitionSpec)} (${s.partitionSpecFrom}), ` +
      `Firehose buffer ${s.buffering.intervalSeconds} s / ${s.buffering.sizeMiB} MiB, compaction target ${s.maintenance.compactionTargetFileSizeMiB} MiB`,
    '',
  ];
  const options = r.estimate.options.map((o) => formatOption(o, ctx.region));
  const be = Object.entries(r.breakEven).map(([id, b]) => {
    const name = r.estimate.options.find((o) => o.id === id)?.label;
    return `  vs ${name}: ${b.gbPerDay === null ? `none (${b.reason})` : `${b.gbPerDay} GB/day (the log platform costs less above it)`}`;
  });
  const warnings = r.estimate.warnings.map((w) => `  - ${w}`);
  return [
    ...head,
    ...options,
    'Break-even volume (other inputs unchanged):',
    ...be,
    ...(warnings.length ? ['', 'Warnings:', ...warnings] : []),
    '',
    'Assumptions and what to check on your bill: apps/log-platform/README.md, "Cost estimate".',
    '',
  ].join('\n');
}

/** Runs the estimate; returns the process exit status. */
export function main(argv: readonly string[], io: CostCliIo = defaultIo): number {
  let o: CostOptions | undefined;
  try {
    o = parseCostArgs(argv);
  } catch (e) {
    io.stderr(`cost: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!o) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  try {
    const ctx = costContext(o, io);
    const report = costReport(ctx);
    io.stdout(o.json ? `${JSON.stringify(report, null, 2)}\n` : formatCostReport(report, ctx));
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ValidationError || e instanceof RangeError || isInputError(e)) {
      io.stderr(`cost: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}

function isInputError(e: unknown): boolean {
  return e instanceof Error && /^(--from-benchmark|price file)/.test(e.message);
}
