import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';

/** moto's server: the project's virtualenv (set up by `npm run verify`) first, then PATH. */
function motoServerBinary(): string | undefined {
  const candidates = [path.join(__dirname, '..', '..', '..', '..', '.venv', 'bin', 'moto_server'), 'moto_server'];
  return candidates.find((c) => spawnSync(c, ['--help'], { encoding: 'utf8' }).status === 0);
}

export function motoAndAwsCliAvailable(): boolean {
  const ok = (bin: string, args: string[]) => spawnSync(bin, args, { encoding: 'utf8' }).status === 0;
  return motoServerBinary() !== undefined && ok('aws', ['--version']) && ok('jq', ['--version']);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A moto server on a free local port, stopped with `stop()`. */
export class MotoServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<MotoServer> {
    const bin = motoServerBinary();
    if (!bin) throw new Error('moto_server not found');
    const port = await freePort();
    const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    const endpoint = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try {
        const r = await fetch(`${endpoint}/moto-api/`);
        if (r.ok || r.status < 500) return new MotoServer(child, endpoint);
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill();
    throw new Error('moto_server did not start');
  }

  /** Dummy credentials: moto accepts any, and nothing may reach real AWS. */
  get env(): Record<string, string> {
    return {
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_SESSION_TOKEN: 'testing',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill();
    });
  }
}
