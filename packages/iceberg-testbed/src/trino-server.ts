import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PortInUseError, withPortRetries } from './free-port';
import type { TrinoInstallation } from './install';
import { CATALOG_DATABASE, CATALOG_ROLE, RunningPostgres, sleep } from './postgres';
import type { Prerequisites } from './prerequisites';
import { ServerProcess } from './process-group';

/** Where the catalog database is and how to log in (the testbed's PostgreSQL). */
export interface CatalogDatabase {
  readonly jdbcUrl: string;
  readonly user: string;
  readonly password: string;
}

/**
 * Properties of a Trino Iceberg catalog on the JDBC catalog `catalogName` (the rows of the catalog
 * tables it owns) with its warehouse in the local directory `warehouseDir`: Trino's native local
 * file system with root `/`, so the `file://` locations pyiceberg writes resolve unchanged.
 */
export function icebergCatalogProperties(db: CatalogDatabase, catalogName: string, warehouseDir: string): Record<string, string> {
  return {
    'iceberg.catalog.type': 'jdbc',
    'iceberg.jdbc-catalog.driver-class': 'org.postgresql.Driver',
    'iceberg.jdbc-catalog.connection-url': db.jdbcUrl,
    'iceberg.jdbc-catalog.connection-user': db.user,
    'iceberg.jdbc-catalog.connection-password': db.password,
    'iceberg.jdbc-catalog.catalog-name': catalogName,
    'iceberg.jdbc-catalog.default-warehouse-dir': `file://${warehouseDir}`,
    'iceberg.file-format': 'PARQUET',
    'fs.native-local.enabled': 'true',
    'local.location': '/',
  };
}

/** The testbed's PostgreSQL as the catalog database. */
export function catalogDatabase(postgres: RunningPostgres): CatalogDatabase {
  return {
    jdbcUrl: `jdbc:postgresql://127.0.0.1:${postgres.port}/${CATALOG_DATABASE}`,
    user: CATALOG_ROLE,
    password: postgres.password,
  };
}

export interface RunningTrino {
  readonly process: ServerProcess;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
}

/**
 * One Trino coordinator (also the worker) on 127.0.0.1 with the Iceberg plugin and no catalog yet:
 * catalogs are created at run time (`CREATE CATALOG`, kept in memory), one per table bucket.
 * Ready means: the server logged its start and `/v1/info` no longer says it is starting.
 */
export async function startTrino(
  dir: string,
  install: TrinoInstallation,
  prereqs: Prerequisites,
  log: (line: string) => void,
  timeoutMs = 300_000,
): Promise<RunningTrino> {
  const etc = path.join(dir, 'etc');
  const data = path.join(dir, 'data');
  mkdirSync(path.join(etc, 'catalog'), { recursive: true });
  mkdirSync(data, { recursive: true });
  writeProperties(path.join(etc, 'node.properties'), {
    'node.environment': 'testbed',
    'node.id': 'testbed',
    'node.data-dir': data,
    'node.bind-ip': '127.0.0.1',
    'node.internal-address': '127.0.0.1',
    'node.external-address': '127.0.0.1',
  });
  writeFileSync(
    path.join(etc, 'jvm.config'),
    [
      // Small and quick to start: a test engine, not a cluster. C1 only and the serial collector
      // cut start-up on a 2-core machine; queries here read kilobytes to megabytes.
      '-Xmx1G',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-XX:+ExitOnOutOfMemoryError',
      '-XX:+EnableDynamicAgentLoading',
      '--enable-native-access=ALL-UNNAMED',
      '-Djdk.attach.allowAttachSelf=true',
      '-Duser.timezone=UTC',
      '',
    ].join('\n'),
  );
  writeProperties(path.join(etc, 'log.properties'), { 'io.trino': 'INFO' });

  return withPortRetries(async (port) => {
    writeProperties(path.join(etc, 'config.properties'), {
      coordinator: 'true',
      'node-scheduler.include-coordinator': 'true',
      'http-server.http.port': String(port),
      'discovery.uri': `http://127.0.0.1:${port}`,
      'plugin.dir': install.pluginDir,
      // A catalog per S3 table bucket, created by the tests; nothing is written to disk.
      'catalog.management': 'dynamic',
      'catalog.store': 'memory',
      // Prepared statements travel in a request header; the product's longest SQL must fit.
      'http-server.max-request-header-size': '256kB',
      'query.max-memory': '512MB',
      'query.max-memory-per-node': '512MB',
    });
    const logFile = path.join(dir, `trino-${port}.log`);
    const server = ServerProcess.start(
      'trino',
      path.join(install.home, 'bin', 'launcher'),
      ['run', `--etc-dir=${etc}`, `--data-dir=${data}`],
      logFile,
      { env: { ...process.env, JAVA_HOME: prereqs.javaHome, PATH: `${path.join(prereqs.javaHome, 'bin')}:${process.env.PATH}` } },
    );
    const started = /======== SERVER STARTED ========/;
    const portTaken = /BindException|Address already in use|Failed to bind/;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = server.output();
      if (started.test(text)) break;
      if (!server.running) {
        if (portTaken.test(text)) throw new PortInUseError(`port ${port} in use`);
        throw new Error(`iceberg-testbed: Trino exited during start-up (log ${logFile}):\n${server.tail(30)}`);
      }
      if (Date.now() > deadline) {
        await server.stop('SIGKILL', 1000);
        throw new Error(
          `iceberg-testbed: Trino did not start within ${timeoutMs / 1000} s (log ${logFile}):\n${server.tail(30)}`,
        );
      }
      await sleep(100);
    }
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntilAnswering(url, server, deadline);
    } catch (error) {
      await server.stop('SIGKILL', 1000);
      throw error;
    }
    log(`trino ready on ${url}`);
    return { process: server, url };
  });
}

/** The HTTP server answers before the coordinator has finished starting. */
async function waitUntilAnswering(url: string, server: ServerProcess, deadline: number): Promise<void> {
  let last = '';
  while (Date.now() < deadline && server.running) {
    try {
      const r = await fetch(`${url}/v1/info`, { signal: AbortSignal.timeout(2000) });
      const info = (await r.json()) as { starting?: boolean };
      if (r.ok && info.starting === false) return;
      last = `HTTP ${r.status}, starting: ${info.starting}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`iceberg-testbed: Trino at ${url} did not answer (${last}):\n${server.tail(30)}`);
}

function writeProperties(file: string, props: Record<string, string>): void {
  writeFileSync(
    file,
    `${Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
    { mode: 0o600 },
  );
}
