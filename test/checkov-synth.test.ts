import { CHECKOV, describeWithEngines, enginePath } from '@aws-log-mcp/testing';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkoutCopy, removeCheckout, synth } from './checkout';

/**
 * checkov over the synthesized Terraform JSON (not only the plans `npm run verify` scans), with
 * the committed baseline: `scripts/verify/checkov_synth.py`, as CI runs it.
 */
describeWithEngines('checkov on the synthesized JSON', [CHECKOV], () => {
  let root: string;
  const scan = () => {
    const checkov = enginePath(CHECKOV);
    // The script imports checkov's check modules: it runs with checkov's own Python.
    const python = path.join(path.dirname(checkov), 'python3');
    return spawnSync(python, [path.join(root, 'scripts', 'verify', 'checkov_synth.py'), root, checkov], {
      encoding: 'utf8',
      timeout: 300_000,
    });
  };

  beforeAll(() => {
    root = checkoutCopy('checkov');
    const r = synth(root);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
  afterAll(() => removeCheckout(root));

  it('passes every stack, each failure suppressed with its reason', () => {
    const r = scan();
    expect(r.stdout).toMatch(/^log-platform-dev: checkov on the synthesized JSON: passed \d+, failed 0, suppressed \d+$/m);
    expect(r.stdout).toMatch(/^mcp-server-dev: checkov on the synthesized JSON: passed \d+, failed 0, suppressed \d+$/m);
    expect(r.status).toBe(0);
  }, 300_000);

  it('fails, naming check and resource, when a suppression is missing', () => {
    const file = path.join(root, 'scripts', 'verify', 'checkov-suppressions.json');
    const baseline = JSON.parse(readFileSync(file, 'utf8'));
    baseline.suppressions = baseline.suppressions.filter((s: { check: string }) => s.check !== 'CKV_AWS_173');
    // A copy of the file, not the hard link shared with the repository.
    rmSync(file);
    writeFileSync(file, JSON.stringify(baseline));
    rmSync(path.join(root, 'apps', 'log-platform', 'cdktf.out'), { recursive: true, force: true });
    const r = scan();
    expect(r.stdout).toContain('mcp-server-dev: checkov on the synthesized JSON: passed');
    expect(r.stdout).toContain('CHECKOV FAILED CKV_AWS_173 aws_lambda_function.tools');
    expect(r.status).toBe(1);
  }, 300_000);
});
