import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CostCliIo, main } from '../../src/cli/cost';
import { SAMPLE_BENCHMARK, writeBenchmark } from '../cost/support';

const appDir = path.join(__dirname, '..', '..');

function run(argv: string[], io: Partial<CostCliIo> = {}) {
  let stdout = '';
  let stderr = '';
  const status = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, ...io });
  return { status, stdout, stderr };
}

function configFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cost-config-')), 'platform.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('cost CLI: output', () => {
  test('prints both breakdowns for the dev config (eu-west-1: unpriced lines said so, never zero)', () => {
    const r = run(['--gb-per-day', '10']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Cost estimate for environment dev, prices for eu-west-1');
    expect(r.stdout).toContain('Retention 30 days (default), partitioning day(timestamp) (default)');
    expect(r.stdout).toMatch(/S3 Tables \+ Firehose \+ Athena \(this stack\)\n {2}Firehose ingestion .* unpriced/);
    expect(r.stdout).toMatch(/Total a month .* at least \$[\d.]+ \(no eu-west-1 price for: firehose\.iceberg\.ingestion/);
    expect(r.stdout).toMatch(/CloudWatch Logs Standard\n {2}Ingestion +304\.2 GB +\$173\.38/); // 10 GB x 30.42 days x $0.57
    expect(r.stdout).toContain('CloudWatch Logs Infrequent Access');
  });

  test('us-east-1 prices every line and finds the break-even volumes', () => {
    const r = run(['--gb-per-day', '100', '--region', 'us-east-1']);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('unpriced');
    expect(r.stdout).toMatch(/vs CloudWatch Logs Standard: [\d.]+ GB\/day \(the log platform costs less above it\)/);
  });

  test('--json has the documented shape', () => {
    const r = run(['--gb-per-day', '50', '--queries-per-day', '200', '--region', 'us-east-1', '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual([
      'env',
      'region',
      'prices',
      'daysPerMonth',
      'settings',
      'stack',
      'assumptions',
      'estimate',
      'breakEven',
    ]);
    expect(j).toMatchObject({
      env: 'dev',
      region: 'us-east-1',
      prices: { file: 'apps/log-platform/data/aws-prices.json', readOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
      daysPerMonth: 730 / 24,
      settings: { retentionDays: 30, retentionFrom: 'default', partitionSpec: 'day(timestamp)', lingerDays: 18 },
      stack: { alarms: 4, alarmMetrics: 6, logGroups: [expect.objectContaining({ firehoseErrors: true })] },
      estimate: { region: 'us-east-1', inputs: { gbPerDay: 50, queriesPerDay: 200, athenaScan: { kind: 'window' } } },
    });
    expect(j.estimate.options.map((o: any) => o.id)).toEqual([
      'log-platform',
      'cloudwatch-standard',
      'cloudwatch-infrequent-access',
    ]);
    for (const o of j.estimate.options) {
      expect(Object.keys(o)).toEqual(['id', 'label', 'lines', 'totalUsd', 'pricedUsd', 'unpriced']);
      expect(o.totalUsd).toEqual(expect.any(Number));
      for (const l of o.lines) {
        expect(Object.keys(l).sort()).toEqual(['detail', 'id', 'label', 'priceId', 'quantity', 'unit', 'usd']);
        expect(l.quantity).toEqual(expect.any(Number));
      }
      expect(o.totalUsd).toBeCloseTo(
        o.lines.reduce((s: number, l: any) => s + l.usd, 0),
        9,
      );
    }
    expect(j.breakEven['cloudwatch-standard'].gbPerDay).toEqual(expect.any(Number));
    expect(j.breakEven['cloudwatch-infrequent-access'].gbPerDay).toEqual(expect.any(Number));
  });

  test('--json in eu-west-1 gives null totals and the unpriced ids', () => {
    const j = JSON.parse(run(['--gb-per-day', '5', '--json']).stdout);
    const platform = j.estimate.options[0];
    expect(platform.totalUsd).toBeNull();
    expect(platform.unpriced).toContain('firehose.iceberg.ingestion');
    expect(platform.pricedUsd).toBeGreaterThan(0);
    expect(j.breakEven['cloudwatch-standard']).toEqual({
      gbPerDay: null,
      reason: expect.stringContaining('unpriced in eu-west-1'),
    });
  });

  test('--from-benchmark reads the benchmark file and reports its provenance', () => {
    const file = writeBenchmark(SAMPLE_BENCHMARK);
    const r = run(['--gb-per-day', '10', '--region', 'us-east-1', '--from-benchmark', '--json'], { benchmarkFile: file });
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.benchmark.provenance).toEqual(SAMPLE_BENCHMARK.provenance);
    expect(j.estimate.inputs.athenaScan.queries.map((q: any) => q.name)).toEqual(['errors-last-hour', 'request-trace']);
    const athena = j.estimate.options[0].lines.find((l: any) => l.id === 'athena-scans');
    expect(athena.detail).toContain('errors-last-hour: 50/day');
  });

  test('--scanned-gb-per-query sets what each Athena query reads', () => {
    const j = JSON.parse(run(['--gb-per-day', '10', '--region', 'us-east-1', '--scanned-gb-per-query', '2', '--json']).stdout);
    expect(j.estimate.inputs.athenaScan).toEqual({ kind: 'fixed', gbPerQuery: 2 });
    // 2 GB is above the default 1 GB cutoff: billed up to the cutoff, with a warning.
    expect(j.estimate.warnings.join(' ')).toContain('athena.bytesScannedCutoff');
  });

  test('--env picks an environment; retention and partitioning come from it', () => {
    const PLATFORM_CONFIG = configFile({
      project: 'acme',
      environments: {
        dev: { region: 'eu-west-1', apps: {} },
        prod: {
          region: 'us-east-1',
          apps: { 'log-platform': { retentionDays: 90, partitionSpec: [{ column: 'timestamp', transform: 'hour' }] } },
        },
      },
    });
    const r = run(['--env', 'prod', '--gb-per-day', '1', '--json'], { env: { PLATFORM_CONFIG } });
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      env: 'prod',
      region: 'us-east-1',
      settings: { retentionDays: 90, partitionSpec: 'hour(timestamp)' },
    });
    const several = run(['--gb-per-day', '1'], { env: { PLATFORM_CONFIG } });
    expect(several.status).toBe(2);
    expect(several.stderr).toContain('--env: the configuration has 2 environments (dev, prod); name one');
  });

  test('--help prints the usage and exits 0', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('usage: cost [--env <name>] --gb-per-day <n>');
  });
});

describe('cost CLI: bad input exits 2 naming the flag and the rule', () => {
  test.each([
    [[], '--gb-per-day: is required'],
    [['--gb-per-day'], '--gb-per-day: needs a value'],
    [['--gb-per-day', '--json'], '--gb-per-day: needs a value'],
    [['--gb-per-day', '0'], '--gb-per-day: must be a number greater than 0 and at most 100000 (GB a day) (got "0")'],
    [['--gb-per-day', '-5'], '--gb-per-day: must be a number greater than 0'],
    [['--gb-per-day', '100001'], '(got "100001")'],
    [['--gb-per-day', 'ten'], '(got "ten")'],
    [['--gb-per-day', '1e3'], '(got "1e3")'],
    [['--gb-per-day', 'Infinity'], '(got "Infinity")'],
    [['--gb-per-day', '0x10'], '(got "0x10")'],
    [['--gb-per-day', ' 10'], '(got " 10")'],
    [['--gb-per-day', '$(touch /tmp/pwned)'], '(got "$(touch /tmp/pwned)")'],
    [['--gb-per-day', '${PATH}'], '(got "${PATH}")'],
    [['--gb-per-day', '1\n2'], '(got "1\\n2")'],
    [['--gb-per-day', '"10"'], '(got "\\"10\\"")'],
    [
      ['--gb-per-day', '10', '--avg-record-bytes', '0'],
      '--avg-record-bytes: must be a whole number of bytes from 1 to 1024000 (got "0")',
    ],
    [['--gb-per-day', '10', '--avg-record-bytes', '1.5'], '--avg-record-bytes: must be a whole number'],
    [['--gb-per-day', '10', '--avg-record-bytes', '1024001'], '--avg-record-bytes: must be a whole number'],
    [
      ['--gb-per-day', '10', '--queries-per-day', '2.5'],
      '--queries-per-day: must be a whole number from 0 to 1000000 (got "2.5")',
    ],
    [['--gb-per-day', '10', '--query-window-hours', '0'], '--query-window-hours: must be a number of hours greater than 0'],
    [['--gb-per-day', '10', '--scanned-gb-per-query', 'all'], '--scanned-gb-per-query: must be a number of GB from 0 to 1000000'],
    [['--gb-per-day', '10', '--stored-ratio', '1.5'], '--stored-ratio: must be a ratio greater than 0 and at most 1'],
    [['--gb-per-day', '10', '--error-fraction', '2'], '--error-fraction: must be a fraction from 0 to 1'],
    [['--gb-per-day', '10', '--region', 'Ireland'], '--region: must be an AWS region code such as "eu-west-1" (got "Ireland")'],
    [
      ['--gb-per-day', '10', '--region', 'ap-south-1'],
      '--region: ap-south-1 has no prices in aws-prices.json (regions: us-east-1, eu-west-1)',
    ],
    [['--gb-per-day', '10', '--gb-per-day', '20'], '--gb-per-day: given twice'],
    [['--gb-per-day', '10', '--bogus'], 'unknown option "--bogus"'],
    [['--gb-per-day', '10', 'extra'], 'unexpected argument "extra"'],
    [
      ['--gb-per-day', '10', '--from-benchmark', '--scanned-gb-per-query', '1'],
      '--scanned-gb-per-query and --from-benchmark: give one of them',
    ],
    [['--gb-per-day', '10', '--from-benchmark', '--query-window-hours', '2'], '--query-window-hours and --from-benchmark'],
    [['--gb-per-day', '10', '--env', 'nope'], '--env: no environment "nope" in the configuration (environments: dev)'],
    [
      ['--gb-per-day', '9000', '--region', 'us-east-1'],
      'firehose.iceberg.ingestion (us-east-1): 273800 exceeds the last tier in the price file (256000); add the next tier',
    ],
  ])('%j', (argv, message) => {
    const r = run(argv as string[]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  test('--from-benchmark without the benchmark file fails with what to do', () => {
    const r = run(['--gb-per-day', '10', '--from-benchmark'], { benchmarkFile: '/nonexistent/results/scan-benchmark.json' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      '--from-benchmark: /nonexistent/results/scan-benchmark.json does not exist; run the table-lifecycle scan benchmark first',
    );
  });

  test('a malformed benchmark file is refused with the field named', () => {
    const file = writeBenchmark({ ...SAMPLE_BENCHMARK, queries: [{ name: 'x' }] });
    const r = run(['--gb-per-day', '10', '--from-benchmark'], { benchmarkFile: file });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('scan-benchmark.json.queries.0.windowHours');
  });

  test('a config error names the field', () => {
    const PLATFORM_CONFIG = configFile({
      project: 'acme',
      environments: { dev: { region: 'eu-west-1', apps: { 'log-platform': { retentionDays: -1 } } } },
    });
    const r = run(['--gb-per-day', '10'], { env: { PLATFORM_CONFIG } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('environments.dev.apps.log-platform.retentionDays: must be a whole number of days');
  });

  test('a broken price file is refused with the field named', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'prices-')), 'prices.json');
    writeFileSync(file, JSON.stringify({ description: 'x', currency: 'EUR', prices: [], factors: [] }));
    const r = run(['--gb-per-day', '10'], { priceFile: file });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('prices.json.currency');
  });
});

describe('npm script entry points (built package)', () => {
  test('scripts/cost.js runs the built CLI', () => {
    const r = spawnSync(
      process.execPath,
      [path.join(appDir, 'scripts', 'cost.js'), '--gb-per-day', '1', '--region', 'us-east-1'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Break-even volume');
    const bad = spawnSync(process.execPath, [path.join(appDir, 'scripts', 'cost.js'), '--gb-per-day', 'x'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--gb-per-day: must be');
  });

  test('the committed chart is what cost:chart renders now, byte for byte, every time', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chart-'));
    const render = (name: string) => {
      const out = path.join(dir, name);
      const r = spawnSync(
        process.execPath,
        [path.join(appDir, 'scripts', 'cost-chart.mjs'), '--region', 'us-east-1', '--out', out],
        {
          encoding: 'utf8',
        },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return readFileSync(out, 'utf8');
    };
    const first = render('a.svg');
    expect(render('b.svg')).toBe(first);
    expect(first).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(first).toContain('CloudWatch Logs Infrequent Access');
    const committed = readFileSync(path.join(appDir, 'docs', 'cost-by-volume.svg'), 'utf8');
    // When this fails after a price or model change: npm run cost:chart -w apps/log-platform -- --region us-east-1
    expect(first).toBe(committed);
  });

  test('cost:chart refuses a region whose totals cannot be priced', () => {
    const r = spawnSync(
      process.execPath,
      [path.join(appDir, 'scripts', 'cost-chart.mjs'), '--out', path.join(tmpdir(), 'never.svg')],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--region: eu-west-1 has no price for firehose.iceberg.ingestion');
  });
});
