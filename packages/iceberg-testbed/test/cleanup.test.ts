import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { alive } from '../src/install';
import { MissingPrerequisiteError } from '../src/prerequisites';
import { ServerProcess } from '../src/process-group';

/** The child processes below run the built package (the test task builds it first). */
const DIST = path.join(__dirname, '..', 'dist');

const waitFor = async (condition: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return condition();
};

describe('servers are always stopped', () => {
  it('stop() ends the whole process group (children included), escalating to SIGKILL after the grace period', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'testbed-group-'));
    try {
      // A "server" that ignores SIGTERM and has a child of its own.
      const server = ServerProcess.start(
        'stubborn',
        'bash',
        ['-c', 'trap "" TERM; sleep 60 & echo $! > child.pid; wait'],
        path.join(dir, 'log'),
        {
          cwd: dir,
        },
      );
      expect(await waitFor(() => existsSync(path.join(dir, 'child.pid')), 5000)).toBe(true);
      const child = Number(readFileSync(path.join(dir, 'child.pid'), 'utf8'));
      const started = Date.now();
      await server.stop('SIGTERM', 1000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(server.running).toBe(false);
      expect(await waitFor(() => !alive(child), 3000)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the watchdog stops the servers and deletes the state directory when the owner is killed (SIGKILL: no cleanup code runs)', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'testbed-watchdog-'));
    // The owner: starts a server in its own group, records it as the testbed does, starts the watchdog, then waits.
    const owner = spawn(
      process.execPath,
      [
        '-e',
        `
        const { ServerProcess, startWatchdog } = require(${JSON.stringify(DIST)} + '/process-group');
        const fs = require('node:fs');
        const dir = ${JSON.stringify(stateDir)};
        const s = ServerProcess.start('sleeper', 'sleep', ['60'], dir + '/sleeper.log');
        fs.writeFileSync(dir + '/pids.json', JSON.stringify([s.pid]));
        startWatchdog(process.pid, dir);
        console.log(s.pid);
        setInterval(() => {}, 1000);
        `,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const serverPid = await new Promise<number>((resolve) =>
      owner.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
    );
    expect(alive(serverPid)).toBe(true);
    owner.kill('SIGKILL');
    expect(await waitFor(() => !alive(serverPid), 10_000)).toBe(true);
    expect(await waitFor(() => !existsSync(stateDir), 10_000)).toBe(true);
  });
});

describe('missing prerequisites', () => {
  const findPrerequisites = (env: Record<string, string>) => {
    const script = `
      try { require(${JSON.stringify(DIST)} + '/prerequisites').findPrerequisites(false); console.log('found'); }
      catch (e) { console.log(e.name + ': ' + e.message); }`;
    const r = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    return r.stdout.trim();
  };

  it('a Java older than 24 at TRINO_JAVA_HOME is named, with what to do, in one line', () => {
    const out = findPrerequisites({ TRINO_JAVA_HOME: '/usr/lib/jvm/java-17-openjdk-amd64' });
    expect(out).toMatch(
      /^MissingPrerequisiteError: iceberg-testbed: Java 24\+ at TRINO_JAVA_HOME=\/usr\/lib\/jvm\/java-17-openjdk-amd64 \(found (17|no java)\) not found; install it with: /,
    );
    expect(out.split('\n')).toHaveLength(1);
  });

  it('a Python without pyiceberg points at the venv bootstrap', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'testbed-python-'));
    const fake = path.join(dir, 'python');
    writeFileSync(fake, '#!/bin/sh\necho "ModuleNotFoundError: No module named \'pyiceberg\'" >&2\nexit 1\n', { mode: 0o755 });
    try {
      expect(findPrerequisites({ ICEBERG_TESTBED_PYTHON: fake })).toBe(
        `MissingPrerequisiteError: iceberg-testbed: Python module pyiceberg in ${fake} not found; install it with: bash scripts/toolchain/bootstrap.sh --venv-only`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the error type carries what and how separately', () => {
    const e = new MissingPrerequisiteError('Maven (mvn)', 'apt-get install maven');
    expect([e.what, e.install, e.message]).toEqual([
      'Maven (mvn)',
      'apt-get install maven',
      'iceberg-testbed: Maven (mvn) not found; install it with: apt-get install maven',
    ]);
  });
});
