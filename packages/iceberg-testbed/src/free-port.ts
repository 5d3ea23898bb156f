import { createServer } from 'node:net';

/**
 * A port on 127.0.0.1 that was free a moment ago. Another process can take it before the server
 * binds it, so callers retry on a bind failure ({@link withPortRetries}).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Thrown by a start attempt whose server could not bind its port. */
export class PortInUseError extends Error {}

/** Runs `attempt` with fresh free ports until it does not fail with {@link PortInUseError} (at most `tries`). */
export async function withPortRetries<T>(attempt: (port: number) => Promise<T>, tries = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt(await freePort());
    } catch (error) {
      if (!(error instanceof PortInUseError) || i >= tries) throw error;
    }
  }
}
