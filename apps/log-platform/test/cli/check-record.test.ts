import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { main } from '../../src/cli/check-record';

const appDir = path.join(__dirname, '..', '..');
const fixture = (name: string) => path.join(appDir, 'fixtures', name);

function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const status = main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (p) => readFileSync(p, 'utf8'),
    env: {},
  });
  return { status, stdout, stderr };
}

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
