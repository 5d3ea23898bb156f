import { planSchemaEvolution, TableColumn } from '@aws-log-mcp/log-contract';
import { Template } from '@aws-log-mcp/testing';
import { spawnSync } from 'node:child_process';
import { LogTableMetadataStep, TABLE_STEP_COMMAND, TABLE_STEP_PROGRAM } from '../src/log-table-metadata-step';
import { decodeJsonencode, only, synthStack } from './support/synth';

const col = (name: string, type: string, required = false): TableColumn => ({ name, type, required });

/** The step program's `--plan` mode: the plan it would commit for `live` and `desired`, without any catalog. */
function pythonPlan(live: object, desired: object): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('python3', [TABLE_STEP_PROGRAM, '--plan'], { input: JSON.stringify({ live, desired }), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const BASE = [col('timestamp', 'timestamp'), col('message', 'string'), col('status', 'int'), col('ratio', 'float')];
const CASES: [string, TableColumn[], TableColumn[]][] = [
  ['nothing', BASE, [...BASE].reverse()],
  [
    'add and promote',
    BASE,
    [
      col('timestamp', 'timestamp'),
      col('message', 'string'),
      col('status', 'long'),
      col('ratio', 'double'),
      col('http_status', 'int'),
    ],
  ],
  ['drop', BASE, BASE.slice(1)],
  ['rename', BASE, [col('timestamp', 'timestamp'), col('msg', 'string'), col('status', 'int'), col('ratio', 'float')]],
  ['narrow', [col('a', 'long'), col('b', 'decimal(12,2)')], [col('a', 'int'), col('b', 'decimal(10,2)')]],
  ['type change', BASE, [col('timestamp', 'string'), col('message', 'string'), col('status', 'int'), col('ratio', 'float')]],
  ['required', BASE, [col('timestamp', 'timestamp', true), ...BASE.slice(1)]],
  ['added required', BASE, [...BASE, col('tenant', 'string', true)]],
  ['two drops, two adds', [col('a', 'string'), col('b', 'string')], [col('c', 'string'), col('d', 'string')]],
];

describe('the table step program', () => {
  test.each(CASES)('%s: the same changes and refusals as the synth-time rules', (_name, live, desired) => {
    const ts = planSchemaEvolution(live, desired);
    const py = pythonPlan(
      { columns: live, partitionSpec: [], sortOrder: [] },
      { columns: desired, partitionSpec: null, sortOrder: null },
    );
    expect(py.stderr).toBe('');
    const plan = JSON.parse(py.stdout);
    expect(plan.changes).toEqual(ts.changes);
    expect(plan.refusals.map((r: { rule: string; column: string }) => [r.rule, r.column])).toEqual(
      ts.refusals.map((r) => [r.rule, r.column]),
    );
  });

  test('plans the partition spec as a set and the sort order in order; equal layouts plan nothing', () => {
    const live = { columns: BASE, partitionSpec: [{ column: 'timestamp', transform: 'day' }], sortOrder: [] };
    const same = pythonPlan(live, { columns: BASE, partitionSpec: [{ column: 'timestamp', transform: 'day' }], sortOrder: [] });
    expect(JSON.parse(same.stdout)).toMatchObject({ partitionSpec: null, sortOrder: null });
    const changed = JSON.parse(
      pythonPlan(live, {
        columns: BASE,
        partitionSpec: [{ column: 'timestamp', transform: 'hour' }],
        sortOrder: [{ column: 'timestamp', direction: 'asc', nullOrder: 'nulls-first' }],
      }).stdout,
    );
    expect(changed.partitionSpec).toEqual({ remove: [['timestamp', 'day']], add: [['timestamp', 'hour']] });
    expect(changed.sortOrder).toEqual([{ column: 'timestamp', direction: 'asc', nullOrder: 'nulls-first' }]);
  });

  test.each([
    [{ LT_CATALOG: '{"type":"sql"' }, 'LT_CATALOG: not JSON (Expecting'],
    [{ LT_CATALOG: '[]' }, 'LT_CATALOG: must be a JSON object of pyiceberg catalog properties'],
    [{ LT_CATALOG: '{}', LT_TABLE: '{"namespace":1,"name":"t"}' }, 'LT_TABLE: must be {namespace: string, name: string}'],
    [
      { LT_CATALOG: '{}', LT_TABLE: '{"namespace":"n","name":"t"}', LT_DESIRED: '{"columns":[]}' },
      'LT_DESIRED.columns: must be a non-empty array',
    ],
    [
      {
        LT_CATALOG: '{}',
        LT_TABLE: '{"namespace":"n","name":"t"}',
        LT_DESIRED: '{"columns":[{"name":"a","type":"int","required":"no"}]}',
      },
      'LT_DESIRED.columns[0]: must be {name: string, type: string, required: boolean}',
    ],
    [
      {
        LT_CATALOG: '{}',
        LT_TABLE: '{"namespace":"n","name":"t"}',
        LT_DESIRED: '{"columns":[{"name":"a","type":"int","required":false}]}',
        LT_RETRY_MAX_ATTEMPTS: '$(id)',
      },
      "LT_RETRY_MAX_ATTEMPTS: must be a whole number from 1 to 3600 (got '$(id)')",
    ],
  ])('bad input %p exits 1 naming the variable, changing nothing', (env, message) => {
    const r = spawnSync('python3', [TABLE_STEP_PROGRAM], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.startsWith(`iceberg-table-step: ${message}`)).toBe(true);
    expect(r.stderr.endsWith('. Nothing was changed.\n')).toBe(true);
  });
});

describe('LogTableMetadataStep in the stack', () => {
  const { json } = synthStack({ extraColumns: [{ name: 'http_status', type: 'int', sourceKey: 'status' }] });
  const step = new Template(json).resource('null_resource', 'logs_table_metadata');

  test('runs after the table, with the table ARN among its triggers and values only in the environment', () => {
    expect(step.depends_on).toEqual(['aws_s3tables_table.logs']);
    expect(step.triggers.table_arn).toBe('${aws_s3tables_table.logs.arn}');
    expect(JSON.parse(step.triggers.table)).toEqual({ namespace: 'logs', name: 'some_api_logs' });
    const desired = JSON.parse(step.triggers.desired);
    expect(desired.columns).toContainEqual({ name: 'http_status', type: 'int', required: false });
    expect(desired.partitionSpec).toEqual([{ column: 'timestamp', transform: 'day' }]);
    expect(desired.sortOrder).toEqual([{ column: 'timestamp', direction: 'asc', nullOrder: 'nulls-first' }]);
    const catalog = decodeJsonencode(step.triggers.catalog);
    expect(catalog).toMatchObject({
      type: 'rest',
      'rest.sigv4-enabled': 'true',
      'rest.signing-name': 's3tables',
      warehouse: '${aws_s3tables_table_bucket.logs.arn}',
    });
    const exec = step.provisioner[0]['local-exec'];
    expect(exec.command).toContain(TABLE_STEP_COMMAND);
    expect(exec.environment.LT_DESIRED).toBe('${self.triggers.desired}');
    expect(exec.when).toBeUndefined();
  });

  test('a new column changes the step trigger only; the table keeps metadata in ignore_changes and prevent_destroy', () => {
    const before = synthStack({}).json;
    const table = only(json, 'aws_s3tables_table');
    expect(table.lifecycle).toEqual({ ignore_changes: ['metadata'], prevent_destroy: true });
    const changed = Object.keys(json.resource).flatMap((type) =>
      Object.keys(json.resource[type])
        .filter((name) => JSON.stringify(json.resource[type][name]) !== JSON.stringify(before.resource[type]?.[name]))
        .map((n) => `${type}.${n}`),
    );
    // The filter lifts the new key and the named queries select it; the table differs only in the ignored metadata.
    expect(changed.sort()).toEqual([
      'aws_athena_named_query.errors_last_hour',
      'aws_athena_named_query.raw_log_fields',
      'aws_athena_named_query.recent_logs',
      'aws_athena_named_query.request_trace',
      'aws_s3_object.firelens_filters',
      'aws_s3tables_table.logs',
      'null_resource.logs_table_metadata',
    ]);
    const withoutMetadata = (r: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'metadata'));
    expect(withoutMetadata(table)).toEqual(withoutMetadata(only(before, 'aws_s3tables_table')));
  });

  test('protectTable: false drops prevent_destroy, keeps ignore_changes', () => {
    expect(only(synthStack({ protectTable: false }).json, 'aws_s3tables_table').lifecycle).toEqual({
      ignore_changes: ['metadata'],
      prevent_destroy: false,
    });
  });

  test('tableLayout "native" is refused naming the provider gap', () => {
    expect(() => synthStack({ tableLayout: 'native' })).toThrow(
      'environments.dev.apps.log-platform.tableLayout: [tableLayout.native] hashicorp/aws 6.25.0 has no partition_spec',
    );
  });

  test('a layout on a column the table lacks or a transform the type cannot take fails synth naming the field', () => {
    expect(() => synthStack({ partitionSpec: [{ column: 'http_status', transform: 'day' }] })).toThrow(
      'environments.dev.apps.log-platform.partitionSpec.0.column: [tableLayout.column]',
    );
    expect(() => synthStack({ partitionSpec: [{ column: 'level', transform: 'day' }] })).toThrow(
      'partitionSpec.0.transform: [tableLayout.transform] day cannot partition the string column "level"',
    );
    expect(() =>
      synthStack({
        partitionSpec: [
          { column: 'timestamp', transform: 'day' },
          { column: 'timestamp', transform: 'hour' },
        ],
      }),
    ).toThrow('[tableLayout.timeTransforms]');
  });

  test('is exported as a construct', () => {
    expect(typeof LogTableMetadataStep).toBe('function');
  });
});
