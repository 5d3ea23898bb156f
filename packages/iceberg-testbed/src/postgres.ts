import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PortInUseError, withPortRetries } from './free-port';
import type { Prerequisites } from './prerequisites';
import { ServerProcess } from './process-group';

/** The catalog database and the role the testbed's clients (Trino, pyiceberg) use. */
export const CATALOG_DATABASE = 'iceberg_catalog';
export const CATALOG_ROLE = 'iceberg';

export interface RunningPostgres {
  readonly process: ServerProcess;
  readonly port: number;
  /** Random per start; the role's SCRAM password. */
  readonly password: string;
}

/**
 * A throw-away PostgreSQL cluster for the Iceberg JDBC catalog: `initdb` into `dir`, listening on
 * 127.0.0.1 only (password authentication, random password), durability off (fsync, synchronous
 * commit, full-page writes: nothing here outlives the run), run as the unprivileged account when
 * we are root, and the catalog tables of `sql/iceberg-jdbc-catalog.sql` created.
 */
export async function startPostgres(dir: string, prereqs: Prerequisites, log: (line: string) => void): Promise<RunningPostgres> {
  const user = prereqs.postgresUser;
  const bin = (name: string) => path.join(prereqs.postgresBin, name);
  const asPostgres = (cmd: string, args: string[]): [string, string[]] =>
    user ? ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--', cmd, ...args]] : [cmd, args];

  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user) chownSync(dir, user.uid, user.gid);
  const password = randomBytes(24).toString('hex');
  const pwfile = path.join(dir, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) chownSync(pwfile, user.uid, user.gid);
  const data = path.join(dir, 'data');

  const [initdb, initdbArgs] = asPostgres(bin('initdb'), [
    '-D',
    data,
    '-U',
    CATALOG_ROLE,
    `--pwfile=${pwfile}`,
    '--auth=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const init = spawnSync(initdb, initdbArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`iceberg-testbed: initdb failed: ${init.stderr.trim() || init.error?.message}`);

  return withPortRetries(async (port) => {
    const [postgres, args] = asPostgres(bin('postgres'), [
      '-D',
      data,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `port=${port}`,
      '-c',
      `unix_socket_directories=${dir}`,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=60',
    ]);
    const logFile = path.join(dir, `postgres-${port}.log`);
    const server = ServerProcess.start('postgres', postgres, args, logFile);
    const ready = /database system is ready to accept connections/;
    const portTaken = /could not bind|Address already in use|could not create any TCP\/IP sockets/;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const text = server.output();
      if (ready.test(text)) break;
      if (!server.running) {
        if (portTaken.test(text)) throw new PortInUseError(`port ${port} in use`);
        throw new Error(`iceberg-testbed: postgres exited during start-up:\n${server.tail()}`);
      }
      if (Date.now() > deadline) {
        await server.stop('SIGKILL', 1000);
        throw new Error(`iceberg-testbed: postgres did not become ready within 30 s:\n${server.tail()}`);
      }
      await sleep(50);
    }
    const psql = (database: string, ...args: string[]) => {
      const r = spawnSync(
        bin('psql'),
        ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', CATALOG_ROLE, '-d', database, ...args],
        { encoding: 'utf8', env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '10' } },
      );
      if (r.status !== 0) throw new Error(`iceberg-testbed: psql ${args.join(' ')} failed: ${r.stderr.trim()}`);
    };
    try {
      psql('postgres', '-c', `CREATE DATABASE ${CATALOG_DATABASE}`);
      psql(CATALOG_DATABASE, '-f', path.join(__dirname, '..', 'sql', 'iceberg-jdbc-catalog.sql'));
    } catch (error) {
      await server.stop('SIGINT');
      throw error;
    }
    log(`postgres ready on 127.0.0.1:${port}`);
    return { process: server, port, password };
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
