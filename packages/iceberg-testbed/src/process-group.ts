import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { alive } from './install';

/**
 * A server process started in its own process group (so its children go with it), its output
 * appended to `logFile`. Stopping sends `signal` to the group, waits up to `graceMs`, then SIGKILL.
 */
export class ServerProcess {
  private exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });
  }

  static start(name: string, command: string, args: string[], logFile: string, options: SpawnOptions = {}): ServerProcess {
    const fd = openSync(logFile, 'a');
    try {
      // Kept referenced: while a server runs, the owning process stays alive to stop it.
      const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', fd, fd] });
      return new ServerProcess(name, child, logFile);
    } finally {
      closeSync(fd);
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && alive(this.pid);
  }

  /** Resolves with the exit code when the process ends. */
  get exit(): Promise<number | null> {
    return this.exited;
  }

  /** Everything the process has written so far. */
  output(): string {
    try {
      return readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  /** The last `lines` lines of the log, for error messages. */
  tail(lines = 20): string {
    return this.output()
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    killGroup(this.pid, signal);
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
    if ((await Promise.race([this.exited, timer])) === 'timeout') {
      killGroup(this.pid, 'SIGKILL');
      await this.exited;
    }
  }
}

/** Signals the process group led by `pid` (falls back to the process alone). */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Starts the watchdog: a detached Node process that, when `ownerPid` ends without stopping the
 * testbed (SIGKILL, a crashed test runner), kills the process groups listed in
 * `<stateDir>/pids.json` and deletes `stateDir`. It exits by itself once `stateDir` is gone.
 */
export function startWatchdog(ownerPid: number, stateDir: string): void {
  const child = spawn(process.execPath, ['-e', WATCHDOG, String(ownerPid), stateDir], { detached: true, stdio: 'ignore' });
  child.unref();
}

// Plain JS run with `node -e` (argv: owner pid, state dir), so it needs no build output.
const WATCHDOG = `
const fs = require('node:fs');
const path = require('node:path');
const [owner, stateDir] = [Number(process.argv[1]), process.argv[2]];
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const signalGroups = (signal) => {
  let pids = [];
  try { pids = JSON.parse(fs.readFileSync(path.join(stateDir, 'pids.json'), 'utf8')); } catch { return 0; }
  let signalled = 0;
  for (const pid of pids) { try { process.kill(-pid, signal); signalled++; } catch {} }
  return signalled;
};
const cleanUp = () => fs.rmSync(stateDir, { recursive: true, force: true });
const timer = setInterval(() => {
  if (!fs.existsSync(stateDir)) return clearInterval(timer);
  if (alive(owner)) return;
  clearInterval(timer);
  if (signalGroups('SIGTERM')) setTimeout(() => { signalGroups('SIGKILL'); cleanUp(); }, 5000);
  else cleanUp();
}, 500);
`;
