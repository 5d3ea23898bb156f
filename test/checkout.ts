import { execFileSync, spawnSync, SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { unescapeTerraform } from '@aws-log-mcp/shared/core';
import { JsonLineServer } from '@aws-log-mcp/testing';

export const repoRoot = path.resolve(__dirname, '..');
export const APPS = ['log-platform', 'mcp-server'];
const WORKSPACE_SCOPE = '@aws-log-mcp';

/** The environment synth runs with in these tests: none of the variables that change its input. */
export function synthEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };
  delete env.AWS_ENDPOINT_URL;
  delete env.PLATFORM_CONFIG;
  delete env.PLATFORM_ENVIRONMENTS;
  return { ...env, ...extra };
}

/**
 * A checkout copy: the repository's own files hard-linked (cheap) and a node_modules whose
 * workspace links point into the copy, so an absolute path of the checkout leaking into the
 * output differs between copies. Third-party packages are linked to the original.
 */
export function checkoutCopy(name: string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'synth-checkout-')), name);
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

/** Removes a copy made by {@link checkoutCopy}. */
export function removeCheckout(dir: string): void {
  rmSync(path.dirname(dir), { recursive: true, force: true });
}

export function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const p = path.join(dir, entry);
    return statSync(p).isDirectory() ? listFiles(p, base) : [path.relative(base, p)];
  });
}

/** One digest over every file name and byte of every app's `cdktf.out` in `root`. */
export function outputDigest(root: string): string {
  const hash = createHash('sha256');
  for (const app of APPS) {
    const out = path.join(root, 'apps', app, 'cdktf.out');
    for (const file of listFiles(out).sort()) hash.update(`${app}/${file}\0`).update(readFileSync(path.join(out, file)));
  }
  return hash.digest('hex');
}

/** Scratch folders a synth left behind in `root`'s apps (there must be none). */
export function synthLeftovers(root: string): string[] {
  return APPS.flatMap((app) => readdirSync(path.join(root, 'apps', app)).filter((f) => f.startsWith('.synth-')));
}

/** `node scripts/synth.js <apps>` in `root`, as `npm run synth` runs it. */
export function synth(root: string, extraEnv: Record<string, string> = {}, apps = APPS): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [path.join(root, 'scripts', 'synth.js'), ...apps], {
    cwd: root,
    env: synthEnv(extraEnv),
    encoding: 'utf8',
  });
}

/** What one synth printed and how it exited. */
export interface SynthResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * One Node process (`test/synth-server.js`) that runs `scripts/synth.js`'s command-line function
 * for many configurations in `root`: {@link synth}'s status, stdout and stderr, without a Node start
 * and a reload of cdktf per case. Requests are answered in order. The process-level part (the
 * status becoming the exit code) is proven by the cases that still run {@link synth}.
 */
export class SynthServer {
  private readonly server: JsonLineServer<{ env: Record<string, string> }, SynthResult>;

  constructor(root: string, apps = APPS) {
    this.server = new JsonLineServer(process.execPath, [path.join(__dirname, 'synth-server.js'), root, ...apps], {
      cwd: root,
      env: synthEnv(),
    });
  }

  /** Synthesizes with `extraEnv` set (as {@link synth} with it). */
  synth(extraEnv: Record<string, string> = {}): Promise<SynthResult> {
    return this.server.request({ env: extraEnv });
  }

  /** Ends the process. */
  close(): Promise<void> {
    return this.server.close();
  }
}

/** The value Terraform reads from a JSON string attribute: `base64decode("...")` decoded, `$${` / `%%{` unescaped. */
export function terraformReading(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`not a string attribute: ${JSON.stringify(value)}`);
  const b64 = /^\$\{base64decode\("([A-Za-z0-9+/=]*)"\)\}$/.exec(value);
  return b64 ? Buffer.from(b64[1], 'base64').toString('utf8') : unescapeTerraform(value);
}
