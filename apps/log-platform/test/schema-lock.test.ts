import { LogSchema } from '@aws-log-mcp/log-contract';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { main } from '../src/cli/schema-lock';
import { deployedSchemaOf, readSchemaLock, recordSchema, schemaLockPath } from '../src/schema-lock';
import { LogPlatformStack } from '../src/stack';
import { envConfig } from './support/synth';

const HTTP_STATUS = { name: 'http_status', type: 'int', sourceKey: 'status' };
const deployedWith = (extraColumns: object[]) => ({
  version: 1,
  columns: LogSchema.withExtraColumns(extraColumns as never).icebergFields(),
  source: 'platform.schema-lock.json (dev, logs.some_api_logs, version 1)',
});
const synth = (extraColumns: object[], deployed: object[]) =>
  new LogPlatformStack(Testing.app(), { config: envConfig({ extraColumns }), deployedSchema: deployedWith(deployed) });

describe('synth against the deployed schema', () => {
  test('adding a column and promoting int to long synthesize', () => {
    expect(() => synth([HTTP_STATUS, { name: 'bytes', type: 'long' }], [HTTP_STATUS])).not.toThrow();
    expect(() => synth([{ ...HTTP_STATUS, type: 'long' }], [HTTP_STATUS])).not.toThrow();
  });

  test.each([
    ['drop', [], '[schemaEvolution.drop] column "http_status" (int) is in the deployed table but not in the config'],
    [
      'rename',
      [{ ...HTTP_STATUS, name: 'status_code' }],
      '[schemaEvolution.rename] column "http_status" is gone and "status_code" (int) is new',
    ],
    [
      'type change',
      [{ ...HTTP_STATUS, type: 'string' }],
      '[schemaEvolution.typeChange] column "http_status" would change from int to string',
    ],
  ])('%s fails synth naming extraColumns, the rule and what to do', (_kind, extraColumns, message) => {
    expect(() => synth(extraColumns, [HTTP_STATUS])).toThrow('environments.dev.apps.log-platform.extraColumns: ' + message);
    expect(() => synth(extraColumns, [HTTP_STATUS])).toThrow('instead:');
    expect(() => synth(extraColumns, [HTTP_STATUS])).toThrow(
      'deployed schema: platform.schema-lock.json (dev, logs.some_api_logs, version 1)',
    );
  });

  test('narrowing long to int fails synth', () => {
    expect(() => synth([HTTP_STATUS], [{ ...HTTP_STATUS, type: 'long' }])).toThrow(
      '[schemaEvolution.narrow] column "http_status" would narrow from long to int',
    );
  });
});

describe('the schema lock file', () => {
  function repo(extraColumns: object[], lock?: string) {
    const root = mkdtempSync(path.join(tmpdir(), 'schema-lock-'));
    mkdirSync(path.join(root, 'config'));
    const config = {
      project: 'acme',
      environments: { dev: { region: 'eu-west-1', backend: { type: 'local' }, apps: { 'log-platform': { extraColumns } } } },
    };
    writeFileSync(path.join(root, 'config', 'platform.json'), JSON.stringify(config));
    if (lock !== undefined) writeFileSync(path.join(root, 'config', 'platform.schema-lock.json'), lock);
    return root;
  }
  function run(root: string, argv: string[] = []) {
    let stdout = '';
    let stderr = '';
    const status = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), rootDir: root, env: {} });
    return { status, stdout, stderr };
  }
  const lockFile = (root: string) => path.join(root, 'config', 'platform.schema-lock.json');

  test('records a first version, then a safe change as version 2; --check passes only when it is recorded', () => {
    const root = repo([]);
    expect(run(root, ['--check'])).toMatchObject({ status: 1 });
    expect(existsSync(lockFile(root))).toBe(false);
    expect(run(root)).toEqual({ status: 0, stdout: 'dev logs.some_api_logs: version 1 (first version)\n', stderr: '' });
    expect(run(root)).toEqual({ status: 0, stdout: 'dev logs.some_api_logs: up to date\n', stderr: '' });
    writeFileSync(
      path.join(root, 'config', 'platform.json'),
      readFileSync(path.join(root, 'config', 'platform.json'), 'utf8').replace(
        '"extraColumns":[]',
        `"extraColumns":[${JSON.stringify(HTTP_STATUS)}]`,
      ),
    );
    const behind = run(root, ['--check']);
    expect(behind.status).toBe(1);
    expect(behind.stderr).toContain('the lock does not record added http_status (int)');
    expect(run(root).stdout).toBe('dev logs.some_api_logs: version 2 (added http_status (int))\n');
    const lock = readSchemaLock(lockFile(root));
    expect(deployedSchemaOf(lock, 'dev', 'logs.some_api_logs', 'f')?.columns).toContainEqual({
      name: 'http_status',
      type: 'int',
      required: false,
    });
    expect(lock?.environments.dev['logs.some_api_logs'].versions.map((v) => v.version)).toEqual([1, 2]);
  });

  test('an unsafe change is refused with exit 1 and the lock is left as it was', () => {
    const root = repo([HTTP_STATUS]);
    run(root);
    const before = readFileSync(lockFile(root), 'utf8');
    writeFileSync(
      path.join(root, 'config', 'platform.json'),
      readFileSync(path.join(root, 'config', 'platform.json'), 'utf8').replace('"int"', '"string"'),
    );
    const r = run(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('environments.dev.apps.log-platform.extraColumns: [schemaEvolution.typeChange]');
    expect(r.stderr).toContain('nothing was written');
    expect(readFileSync(lockFile(root), 'utf8')).toBe(before);
  });

  test.each([
    ['not JSON', '{"formatVersion":1,', '[schemaLock.json] must be valid JSON'],
    ['wrong version', '{"formatVersion":2,"environments":{}}', 'formatVersion'],
    [
      'versions out of order',
      JSON.stringify({
        formatVersion: 1,
        environments: {
          dev: { 'logs.some_api_logs': { versions: [{ version: 2, columns: [{ name: 'a', type: 'int', required: false }] }] } },
        },
      }),
      'versions must be numbered 1, 2, 3',
    ],
    [
      'a column of the wrong JSON type',
      JSON.stringify({
        formatVersion: 1,
        environments: {
          dev: { 'logs.some_api_logs': { versions: [{ version: 1, columns: [{ name: 'a', type: 'int', required: 'no' }] }] } },
        },
      }),
      'required',
    ],
  ])('a lock file that is %s exits 2 naming it', (_what, text, message) => {
    const r = run(repo([], text));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });

  test('bad arguments exit 2 with the usage', () => {
    expect(run(repo([]), ['--env'])).toMatchObject({ status: 2 });
    expect(run(repo([]), ['--bogus']).stderr).toContain('usage: schema-lock');
  });

  test('the lock sits beside the config file, and recordSchema is pure', () => {
    expect(schemaLockPath('/r/config/platform.json')).toBe('/r/config/platform.schema-lock.json');
    const cols = [{ name: 'a', type: 'int', required: false }];
    const r = recordSchema(undefined, 'dev', 'n.t', cols, 'f');
    expect(r.recorded).toBe(1);
    expect(recordSchema(r.lock, 'dev', 'n.t', cols, 'f').recorded).toBeUndefined();
  });
});
