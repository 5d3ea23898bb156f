import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { main } from '../../src/cli/check-record';

const appDir = path.join(__dirname, '..', '..');
const fixture = (name: string) => path.join(appDir, 'fixtures', name);

function run(argv: string[], files: Record<string, string | Buffer> = {}) {
  let stdout = '';
  let stderr = '';
  const status = main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (p) => files[p] ?? readFileSync(p),
    env: {},
  });
  return { status, stdout, stderr };
}

const OK_RECORD = '{"log":"plain","timestamp":1766225421000000}';

describe('check-record on hostile input files', () => {
  test('100,000-deep nesting in a typed column is a finding, not a crash', () => {
    const deep = `{"log":"x","timestamp":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const r = run(['--no-config', 'deep.jsonl'], { 'deep.jsonl': deep });
    expect([r.status, r.stderr]).toEqual([1, '']);
    expect(r.stdout).toContain(
      'deep.jsonl:1: error[type-mismatch] "timestamp" (timestamp): expected epoch microseconds (an integer), got array [[[[',
    );
  });

  test('a UTF-8 byte order mark is not an error', () => {
    const r = run(['--no-config', 'bom.jsonl'], {
      'bom.jsonl': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(OK_RECORD)]),
    });
    expect(r.stdout).toContain('1 record(s): 0 error(s), 1 warning(s)');
    expect(r.status).toBe(0);
  });

  test('CR-only line ends separate records', () => {
    const r = run(['--no-config', 'cr.jsonl'], { 'cr.jsonl': `${OK_RECORD}\r${OK_RECORD}\r\n${OK_RECORD}\r` });
    expect(r.stdout).toContain('3 record(s): 0 error(s), 3 warning(s)');
  });

  test('invalid UTF-8 is reported with its line', () => {
    const bad = Buffer.concat([
      Buffer.from(`${OK_RECORD}\n{"log":"caf`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('","timestamp":1766225421000000}\n'),
    ]);
    const r = run(['--no-config', 'bad.jsonl'], { 'bad.jsonl': bad });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('bad.jsonl:2: error[invalid-utf8] not valid UTF-8');
  });

  test('an internal error exits 2 with one line', () => {
    let stderr = '';
    const status = main(['--no-config', 'x.jsonl'], {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
      readFile: () => {
        throw Object.assign(new Error('boom'), { code: undefined });
      },
      env: {},
    });
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    const internal = main(['--no-config', 'x.jsonl'], {
      stdout: () => {
        throw new Error('stdout closed');
      },
      stderr: (t) => (stderr = t),
      readFile: () => OK_RECORD,
      env: {},
    });
    expect([internal, stderr]).toEqual([2, 'check-record: internal error: stdout closed\n']);
  });

  test('--preset checks with another preset; an unknown one is a usage error', () => {
    const pino = JSON.stringify({
      log: '{"level":30,"time":1764496800123,"msg":"m","pid":1,"hostname":"h"}',
      timestamp: 1764496800123000,
      level: 'INFO',
      message: 'm',
    });
    expect(run(['--no-config', '--preset', 'pino', 'p.jsonl'], { 'p.jsonl': pino }).stdout).toContain(
      '1 record(s): 0 error(s), 0 warning(s)',
    );
    expect(run(['--no-config', '--preset', 'log4j', 'p.jsonl'], { 'p.jsonl': pino }).status).toBe(2);
  });
});

describe('check-record CLI', () => {
  test('exits 1 and lists every issue of the article samples', () => {
    const r = run([fixture('article-samples.jsonl')]);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.includes('error['))).toHaveLength(6);
    expect(r.stdout).toContain('2 record(s): 6 error(s), 0 warning(s)');
  });

  test('exits 0 on shaped records, 1 with --strict because of the warning', () => {
    expect(run([fixture('shaped.jsonl')]).status).toBe(0);
    expect(run(['--strict', fixture('shaped.jsonl')]).status).toBe(1);
  });

  test('--json output, usage errors and unreadable files', () => {
    const r = run(['--json', '--no-config', fixture('malformed.jsonl')]);
    expect(JSON.parse(r.stdout)).toMatchObject({ records: 6, errors: 9, warnings: 1 });
    expect(run([]).status).toBe(2);
    expect(run(['--bogus', 'x']).stderr).toContain('unknown option --bogus');
    expect(run(['/nonexistent/file.jsonl']).status).toBe(2);
    expect(run(['--env', 'nope', fixture('shaped.jsonl')]).stderr).toContain('PLATFORM_ENVIRONMENTS');
  });

  test('the npm script entry point runs the built CLI', () => {
    const r = spawnSync(process.execPath, [path.join(appDir, 'scripts', 'check-record.js'), fixture('article-samples.jsonl')], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('error[not-lifted] "timestamp" is in the JSON "log"');
  });
});
