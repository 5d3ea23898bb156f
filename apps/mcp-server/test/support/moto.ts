import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** The pinned virtualenv's moto server (`.ci/run` / `npm run verify` install it), else one on PATH. */
export function motoServerBinary(): string | undefined {
  const candidates = [path.resolve(__dirname, '..', '..', '..', '..', '.venv', 'bin', 'moto_server'), 'moto_server'];
  return candidates.find((c) => spawnSync(c, ['--help'], { stdio: 'ignore' }).status === 0);
}

/**
 * `describe` when moto is installed; `describe.skip` locally without it; in CI (`CI=true`) a
 * missing moto is a failure, so the emulator tests can never silently stop running there.
 */
export function describeWithMoto(name: string, body: () => void): void {
  if (motoServerBinary()) return describe(name, body);
  if (process.env.CI === 'true') {
    return describe(name, () => {
      it('needs moto_server (CI=true): install the pinned venv (.venv/bin/moto_server)', () => {
        throw new Error('moto_server not found; the Athena tests must run in CI');
      });
    });
  }
  return describe.skip(`${name} (moto_server not installed)`, body);
}

/** A moto server on a port it picked itself (read from its banner), so no port race. */
export class Moto {
  private constructor(
    private readonly child: ChildProcess,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<Moto> {
    const bin = motoServerBinary();
    if (!bin) throw new Error('moto_server not found');
    const child = spawn(bin, ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const endpoint = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`moto_server did not start: ${seen}`)), 20_000);
      const onData = (chunk: Buffer) => {
        seen += chunk.toString();
        const m = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`moto_server exited (${code}): ${seen}`)));
    });
    return new Moto(child, endpoint);
  }

  /** POST to moto's own API (`/moto-api/...`). */
  async api(pathname: string, body: unknown): Promise<void> {
    const r = await fetch(`${this.endpoint}${pathname}`, { method: 'POST', body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`moto ${pathname}: ${r.status} ${await r.text()}`);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill();
    });
  }
}
