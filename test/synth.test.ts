import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');
const APPS = ['log-platform', 'mcp-server'];
const WORKSPACE_SCOPE = '@aws-log-mcp';
const env = { ...process.env, CHECKPOINT_DISABLE: '1' };
delete env.AWS_ENDPOINT_URL;
delete env.PLATFORM_CONFIG;
delete env.PLATFORM_ENVIRONMENTS;

/**
 * A checkout copy: the repository's own files hard-linked (cheap) and a node_modules whose
 * workspace links point into the copy, so an absolute path of the checkout leaking into the
 * output differs between copies. Third-party packages are linked to the original.
 */
function checkoutCopy(name: string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'synth-determinism-')), name);
  mkdirSync(dir);
  const skip = new Set(['node_modules', '.git', '.turbo', 'cdktf.out', 'terraform-state', '.venv', 'plans', '.verify-work']);
  for (const entry of readdirSync(repoRoot)) {
    if (!skip.has(entry)) execFileSync('cp', ['-al', path.join(repoRoot, entry), path.join(dir, entry)]);
  }
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(modules, WORKSPACE_SCOPE), { recursive: true });
  for (const entry of readdirSync(path.join(repoRoot, 'node_modules'))) {
    if (entry !== WORKSPACE_SCOPE) symlinkSync(path.join(repoRoot, 'node_modules', entry), path.join(modules, entry));
  }
  for (const pkg of readdirSync(path.join(repoRoot, 'node_modules', WORKSPACE_SCOPE))) {
    const target = readlinkSync(path.join(repoRoot, 'node_modules', WORKSPACE_SCOPE, pkg));
    symlinkSync(target, path.join(modules, WORKSPACE_SCOPE, pkg));
  }
  for (const app of APPS) rmSync(path.join(dir, 'apps', app, 'cdktf.out'), { recursive: true, force: true });
  return dir;
}

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const p = path.join(dir, entry);
    return statSync(p).isDirectory() ? listFiles(p, base) : [path.relative(base, p)];
  });
}

function synth(root: string, extraEnv: Record<string, string> = {}) {
  return spawnSync(process.execPath, [path.join(root, 'scripts', 'synth.js'), ...APPS], {
    cwd: root,
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
  });
}

describe('npm run synth', () => {
  let first: string;
  let second: string;

  beforeAll(() => {
    first = checkoutCopy('a');
    second = checkoutCopy('a-much-longer-checkout-directory-name');
  });

  afterAll(() => {
    for (const dir of [first, second]) rmSync(path.dirname(dir), { recursive: true, force: true });
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
    expect(result.stderr).toContain('environments.dev.region: must be an AWS region code');
    expect(result.stdout).toBe('');
    expect(readFileSync(stackFile).equals(before)).toBe(true);
    const leftovers = readdirSync(path.join(first, 'apps', 'log-platform')).filter((f) => f.startsWith('.synth-'));
    expect(leftovers).toEqual([]);
  });

  it('refuses an unknown app with a usage error', () => {
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'synth.js'), 'nope'], { env, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('unknown app "nope" (known: log-platform, mcp-server)');
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
