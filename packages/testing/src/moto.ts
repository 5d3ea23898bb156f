import { ChildProcess, spawn } from 'node:child_process';
import { enginePath, MOTO_SERVER } from './engines';

/** Dummy credentials: moto accepts any, and nothing may reach real AWS. */
export const MOTO_CREDENTIALS: Readonly<Record<string, string>> = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_SESSION_TOKEN: 'testing',
  AWS_EC2_METADATA_DISABLED: 'true',
};

/** A running moto server on 127.0.0.1. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** {@link MOTO_CREDENTIALS} plus `AWS_ENDPOINT_URL`, for child processes (the AWS CLI, SDKs). */
  readonly env: Readonly<Record<string, string>>;
  /** POSTs `body` as JSON to moto's own API (`/moto-api/...`). */
  api(pathname: string, body: unknown): Promise<void>;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /**
   * Milliseconds to wait for the banner. moto starts in 2-5 s on an idle 2-core machine; with the
   * engine tier (Trino, pyiceberg) and every package's jest running at once it took over 20 s.
   * @default 90000
   */
  readonly timeoutMs?: number;
  /**
   * Extra environment of the server, e.g. `INITIAL_NO_AUTH_ACTION_COUNT` to switch on moto's IAM
   * access control after that many requests. @default none
   */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Starts `moto_server` on port 0 and reads the port it bound from its banner
 * (`Running on http://127.0.0.1:<port>`), so no other process can take the port between a pick
 * and the bind. Throws the missing-engine line when moto is not installed.
 */
export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const bin = enginePath(MOTO_SERVER);
  const child: ChildProcess = spawn(bin, ['-H', '127.0.0.1', '-p', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`moto_server printed no "Running on" banner within ${options.timeoutMs ?? 90_000} ms: ${seen}`));
    }, options.timeoutMs ?? 90_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`moto_server exited (${code}) before listening: ${seen}`));
    });
  });
  // Keep draining the pipes: a full pipe would block moto's request logging.
  child.stdout?.on('data', () => undefined);
  child.stderr?.on('data', () => undefined);
  return {
    endpoint,
    env: { ...MOTO_CREDENTIALS, AWS_ENDPOINT_URL: endpoint },
    async api(pathname, body) {
      const r = await fetch(`${endpoint}${pathname}`, { method: 'POST', body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`moto ${pathname}: ${r.status} ${await r.text()}`);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
