import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { alive, lock } from './install';
import { sleep } from './postgres';
import type { TestbedDescriptor } from './testbed';

/**
 * One testbed shared by every jest run of the user in this checkout at the same time (the package
 * test runs `turbo run test` starts in parallel), instead of one Trino per package: a detached
 * daemon owns the servers; each run registers itself as a client (a file named after its pid)
 * and removes itself at the end; the daemon stops everything once no live client has been left
 * for {@link IDLE_MS}. Each suite still works in table buckets of its own.
 *
 * Files in {@link sharedDir}: `daemon.pid`, `descriptor.json` (or `error.json`), `clients/<pid>`,
 * `stopping` (the daemon has decided to stop; newcomers wait for it and start a new one), `daemon.log`.
 */
export const IDLE_MS = 10_000;

/**
 * Per user and per checkout: runs of one checkout share a daemon, but a second clone (CI's fresh
 * clone, another worktree) never attaches to a daemon running another checkout's writer and venv.
 */
export function sharedDir(): string {
  const checkout = createHash('sha256')
    .update(realpathSync(path.resolve(__dirname, '..')))
    .digest('hex')
    .slice(0, 12);
  return path.join(tmpdir(), `iceberg-testbed-shared-${process.getuid?.() ?? 'user'}-${checkout}`);
}

/** What the daemon reports when it could not start the testbed. */
export interface SharedStartError {
  readonly message: string;
  /** Set when a prerequisite was missing: what, and the command that installs it. */
  readonly missing?: { readonly name: string; readonly install: string };
}

export class SharedTestbedError extends Error {
  constructor(readonly report: SharedStartError) {
    super(report.message);
    this.name = 'SharedTestbedError';
  }
}

/**
 * Attaches to the shared testbed, starting its daemon if none is running (Trino downloads on first
 * use and starts in 11-30 s). Returns the descriptor and the function that unregisters this process.
 */
export async function acquireSharedTestbed(
  log: (line: string) => void,
): Promise<{ descriptor: TestbedDescriptor; release: () => void }> {
  const dir = sharedDir();
  mkdirSync(path.join(dir, 'clients'), { recursive: true, mode: 0o700 });
  const client = path.join(dir, 'clients', String(process.pid));
  const release = await lock(`${dir}.lock`, log);
  try {
    for (;;) {
      const daemon = readPid(path.join(dir, 'daemon.pid'));
      if (daemon && alive(daemon) && !existsSync(path.join(dir, 'stopping'))) break;
      if (daemon && alive(daemon)) {
        await sleep(200); // the previous daemon is stopping; start a new one once it is gone
        continue;
      }
      for (const f of ['daemon.pid', 'descriptor.json', 'error.json', 'stopping']) rmSync(path.join(dir, f), { force: true });
      startDaemon(dir);
      const deadline = Date.now() + 60_000;
      while (!readPid(path.join(dir, 'daemon.pid')) && Date.now() < deadline) await sleep(50);
      log(`started the shared testbed daemon (log: ${path.join(dir, 'daemon.log')})`);
      break;
    }
    // Registered before the testbed is up, so the daemon never sees an empty client list while starting.
    writeFileSync(client, '');
  } finally {
    release();
  }
  const unregister = () => rmSync(client, { force: true });
  try {
    return { descriptor: await waitForDescriptor(dir), release: unregister };
  } catch (error) {
    unregister();
    throw error;
  }
}

function startDaemon(dir: string): void {
  const fd = openSync(path.join(dir, 'daemon.log'), 'a');
  try {
    const child = spawn(process.execPath, [path.join(__dirname, 'shared-daemon.js'), dir], {
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    child.unref();
  } finally {
    closeSync(fd);
  }
}

async function waitForDescriptor(dir: string): Promise<TestbedDescriptor> {
  const deadline = Date.now() + 15 * 60_000; // a cold download of 540 MB included
  for (;;) {
    const descriptor = readJson<TestbedDescriptor>(path.join(dir, 'descriptor.json'));
    if (descriptor) return descriptor;
    const error = readJson<SharedStartError>(path.join(dir, 'error.json'));
    if (error) throw new SharedTestbedError(error);
    const daemon = readPid(path.join(dir, 'daemon.pid'));
    if (!daemon || !alive(daemon) || Date.now() > deadline) {
      throw new Error(`iceberg-testbed: the shared testbed daemon ended without starting (log: ${path.join(dir, 'daemon.log')})`);
    }
    await sleep(100);
  }
}

/** Client pids whose process still runs; the files of the others are removed. */
export function liveClients(dir: string): number[] {
  const live: number[] = [];
  for (const name of readdirSync(path.join(dir, 'clients'))) {
    const pid = Number(name);
    if (pid && alive(pid)) live.push(pid);
    else rmSync(path.join(dir, 'clients', name), { force: true });
  }
  return live;
}

function readPid(file: string): number | undefined {
  try {
    return Number(readFileSync(file, 'utf8')) || undefined;
  } catch {
    return undefined;
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
