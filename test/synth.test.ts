import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PLATFORM_APPS } from '@aws-log-mcp/shared/core';
import {
  APPS,
  checkoutCopy,
  listFiles,
  outputDigest,
  removeCheckout,
  repoRoot,
  synth,
  synthEnv,
  synthLeftovers,
} from './checkout';

const env = synthEnv();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS scripts under test
const { swapAll } = require('../scripts/synth.js') as {
  swapAll: (entries: unknown[], rename?: (a: string, b: string) => void, exists?: (p: string) => boolean) => void;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { APP_PACKAGES } = require('../scripts/apps.js') as { APP_PACKAGES: Record<string, string> };

describe('npm run synth', () => {
  let first: string;
  let second: string;

  beforeAll(() => {
    first = checkoutCopy('a');
    second = checkoutCopy('a-much-longer-checkout-directory-name');
  });

  afterAll(() => {
    for (const dir of [first, second]) removeCheckout(dir);
  });

  it('writes byte-identical Terraform JSON, HCL and assets from two checkout directories', () => {
    for (const dir of [first, second]) {
      const result = synth(dir);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    }
    for (const app of APPS) {
      const a = path.join(first, 'apps', app, 'cdktf.out');
      const b = path.join(second, 'apps', app, 'cdktf.out');
      const files = listFiles(a).sort();
      expect(files).toEqual(listFiles(b).sort());
      expect(files).toEqual(expect.arrayContaining([`stacks/${app}-dev/cdk.tf.json`, `hcl/${app}-dev/cdk.tf`]));
      for (const file of files) {
        const bytes = readFileSync(path.join(a, file));
        expect([file, bytes.equals(readFileSync(path.join(b, file)))]).toEqual([file, true]);
        expect(bytes.includes(Buffer.from(tmpdir()))).toBe(false);
      }
    }
  });

  it('fails with the field and rule named, exit 1, and leaves the previous output untouched', () => {
    const stackFile = path.join(first, 'apps', 'log-platform', 'cdktf.out', 'stacks', 'log-platform-dev', 'cdk.tf.json');
    if (!existsSync(stackFile)) expect(synth(first).status).toBe(0);
    const before = readFileSync(stackFile);
    const badConfig = path.join(first, 'bad.json');
    writeFileSync(badConfig, JSON.stringify({ project: 'acme', environments: { dev: { region: 'Mars-1' } } }));
    const result = synth(first, { PLATFORM_CONFIG: badConfig });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('environments.dev.region: [config.region] must be an AWS region code that exists');
    expect(result.stdout).toBe('');
    expect(readFileSync(stackFile).equals(before)).toBe(true);
    expect(synthLeftovers(first)).toEqual([]);
  });

  it('swaps in every app or none: when the second app fails, the first keeps its previous output', () => {
    if (!existsSync(path.join(first, 'apps', 'mcp-server', 'cdktf.out'))) expect(synth(first).status).toBe(0);
    const before = outputDigest(first);
    const badConfig = path.join(first, 'second-app-bad.json');
    // Valid for the log platform; the MCP server's section breaks a rule its own schema checks.
    writeFileSync(
      badConfig,
      JSON.stringify({
        project: 'other',
        environments: { dev: { region: 'eu-west-1', apps: { 'mcp-server': { logRetentionDays: 10 } } } },
      }),
    );
    const result = synth(first, { PLATFORM_CONFIG: badConfig });
    expect(result.stderr).toContain('synth failed: environments.dev.apps.mcp-server.logRetentionDays:');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(outputDigest(first)).toBe(before);
    expect(synthLeftovers(first)).toEqual([]);
  });

  it('refuses an unknown app with a usage error', () => {
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'synth.js'), 'nope'], { env, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('unknown app "nope" (known: log-platform, mcp-server)');
  });
});

describe('swapAll', () => {
  function entries(root: string) {
    return ['a', 'b', 'c'].map((app) => ({
      appName: app,
      finalOut: path.join(root, app, 'cdktf.out'),
      scratch: path.join(root, app, '.synth-x'),
      staged: path.join(root, app, '.synth-x', 'out'),
    }));
  }

  it.each([1, 2, 3, 4, 5, 6])('undoes every rename when rename number %i fails, so each app keeps its output', (failAt) => {
    const root = mkdtempSync(path.join(tmpdir(), 'swap-'));
    try {
      const all = entries(root);
      for (const e of all) {
        for (const [dir, content] of [
          [e.finalOut, `old ${e.appName}`],
          [e.staged, `new ${e.appName}`],
        ]) {
          mkdirSync(dir, { recursive: true });
          writeFileSync(path.join(dir, 'f'), content);
        }
      }
      let calls = 0;
      const rename = (from: string, to: string) => {
        calls += 1;
        if (calls === failAt) throw new Error(`rename ${calls} failed`);
        renameSync(from, to);
      };
      expect(() => swapAll(all, rename)).toThrow(`rename ${failAt} failed`);
      for (const e of all) expect(readFileSync(path.join(e.finalOut, 'f'), 'utf8')).toBe(`old ${e.appName}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('swaps every app in when nothing fails, keeping the previous outputs in the scratch folders', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'swap-'));
    try {
      const all = entries(root);
      for (const e of all) {
        mkdirSync(e.staged, { recursive: true });
        writeFileSync(path.join(e.staged, 'f'), `new ${e.appName}`);
      }
      swapAll(all);
      for (const e of all) expect(readFileSync(path.join(e.finalOut, 'f'), 'utf8')).toBe(`new ${e.appName}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('app registry', () => {
  it('scripts/apps.js knows exactly the app sections the config schema accepts', () => {
    expect(Object.keys(APP_PACKAGES).sort()).toEqual([...PLATFORM_APPS].sort());
    expect([...APPS].sort()).toEqual([...PLATFORM_APPS].sort());
  });
});

describe('root cdktf app (cdktf.json)', () => {
  it('synthesizes every stack of both apps with the state path at the repository root', () => {
    const outdir = mkdtempSync(path.join(repoRoot, '.synth-root-test-'));
    try {
      const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'cdktf-app.js')], {
        cwd: repoRoot,
        env: { ...env, CDKTF_OUTDIR: outdir },
        encoding: 'utf8',
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
      expect(Object.keys(manifest.stacks).sort()).toEqual(['log-platform-dev', 'mcp-server-dev']);
      const stack = JSON.parse(readFileSync(path.join(outdir, 'stacks', 'log-platform-dev', 'cdk.tf.json'), 'utf8'));
      expect(stack.terraform.backend.local.path).toBe('../../../terraform-state/log-platform-dev.tfstate');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
