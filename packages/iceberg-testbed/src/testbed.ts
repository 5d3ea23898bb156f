import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { WriterConnection } from './iceberg-writer';
import { ensureTrino, trinoCached } from './install';
import { CATALOG_DATABASE, CATALOG_ROLE, RunningPostgres, sleep, startPostgres } from './postgres';
import { defaultCacheDir, findPrerequisites } from './prerequisites';
import { killGroup, ServerProcess, startWatchdog } from './process-group';
import { quoteIdentifier } from './sql-tokens';
import { TableBucket } from './table-bucket';
import { CatalogDatabase, catalogDatabase, icebergCatalogProperties, RunningTrino, startTrino } from './trino-server';
import { literal, SqlValue, StatementResult, TrinoQueryError, TrinoSession } from './trino-session';

/** Everything a process needs to use a running testbed (passed to jest workers as JSON in {@link TESTBED_ENV}). */
export interface TestbedDescriptor {
  readonly trinoUrl: string;
  readonly catalogDatabase: CatalogDatabase;
  readonly writer: WriterConnection;
  /** Directory under which each table bucket keeps its warehouse. */
  readonly warehouseRoot: string;
  /** Temporary directory holding the servers' data, logs and warehouses (deleted by stop). */
  readonly stateDir: string;
}

/** The environment variable carrying a {@link TestbedDescriptor} (JSON). */
export const TESTBED_ENV = 'ICEBERG_TESTBED';

export interface TestbedStartOptions {
  /** Download cache. @default `$TOOLCHAIN_CACHE`, else ~/.cache/aws-log-mcp-platform */
  readonly cacheDir?: string;
  /** Progress lines (download, start). @default none */
  readonly log?: (line: string) => void;
  /** Milliseconds Trino may take to start (11-30 s on an idle 2-core machine, over a minute on a saturated one). @default 300000 */
  readonly startTimeoutMs?: number;
}

/**
 * A local Apache Iceberg catalog and Trino, the engine Athena engine version 3 is built on:
 * PostgreSQL holding the Iceberg JDBC catalog, warehouses in a temporary directory, one Trino
 * coordinator on 127.0.0.1, and pyiceberg as the writer. Each {@link tableBucket} is an isolated
 * catalog (as an S3 table bucket is), so suites running at the same time never see each other's
 * tables even when they use the product's own names.
 *
 * `start()` owns the servers and `stop()` ends them (also when the owning process dies: a
 * watchdog cleans up); `connect()` attaches to a testbed another process started.
 */
export class IcebergTestbed {
  /** Plain Trino SQL, no catalog selected. */
  readonly session: TrinoSession;
  private stopped = false;
  /** Last resort when the owner exits without stop(): SIGKILL the servers (the watchdog deletes the files). */
  private readonly killOnExit = () => this.servers.forEach((s) => s.running && killGroup(s.pid, 'SIGKILL'));

  private constructor(
    readonly descriptor: TestbedDescriptor,
    private readonly servers: readonly ServerProcess[] = [],
  ) {
    this.session = new TrinoSession({ server: descriptor.trinoUrl });
    if (servers.length) process.once('exit', this.killOnExit);
  }

  /** Attaches to a running testbed (by default the one described by `$ICEBERG_TESTBED`). */
  static connect(descriptor: TestbedDescriptor | string | undefined = process.env[TESTBED_ENV]): IcebergTestbed {
    if (!descriptor) throw new Error(`iceberg-testbed: no running testbed (${TESTBED_ENV} is not set)`);
    return new IcebergTestbed(typeof descriptor === 'string' ? (JSON.parse(descriptor) as TestbedDescriptor) : descriptor);
  }

  /**
   * Downloads Trino on first use, then starts PostgreSQL and Trino. Throws
   * `MissingPrerequisiteError` (one line: what is missing, how to install it) before starting
   * anything when a program is missing; any failure after that stops what was started.
   */
  static async start(options: TestbedStartOptions = {}): Promise<IcebergTestbed> {
    const log = options.log ?? (() => undefined);
    const cacheDir = options.cacheDir ?? defaultCacheDir();
    const prereqs = findPrerequisites(!trinoCached(cacheDir));
    const install = await ensureTrino(cacheDir, prereqs.mvn, prereqs.python, log);

    const stateDir = mkdtempSync(path.join(tmpdir(), 'iceberg-testbed-'));
    // PostgreSQL runs as another user and must traverse into its directory.
    chmodSync(stateDir, 0o711);
    const warehouseRoot = path.join(stateDir, 'warehouse');
    mkdirSync(warehouseRoot, { mode: 0o700 });
    const servers: ServerProcess[] = [];
    const recordPids = () => writeFileSync(path.join(stateDir, 'pids.json'), JSON.stringify(servers.map((s) => s.pid)));
    recordPids();
    startWatchdog(process.pid, stateDir);
    const onExit = () => servers.forEach((s) => s.running && killGroup(s.pid, 'SIGKILL'));
    process.once('exit', onExit);
    try {
      const postgres: RunningPostgres = await startPostgres(path.join(stateDir, 'postgres'), prereqs, log);
      servers.push(postgres.process);
      recordPids();
      const trino: RunningTrino = await startTrino(path.join(stateDir, 'trino'), install, prereqs, log, options.startTimeoutMs);
      servers.push(trino.process);
      recordPids();
      const testbed = new IcebergTestbed(
        {
          trinoUrl: trino.url,
          catalogDatabase: catalogDatabase(postgres),
          writer: {
            python: prereqs.python,
            uri: `postgresql+psycopg2://${CATALOG_ROLE}:{password}@127.0.0.1:${postgres.port}/${CATALOG_DATABASE}`,
            password: postgres.password,
          },
          warehouseRoot,
          stateDir,
        },
        servers,
      );
      process.removeListener('exit', onExit);
      try {
        await testbed.untilQueriesRun();
      } catch (error) {
        await testbed.stop();
        throw error;
      }
      return testbed;
    } catch (error) {
      process.removeListener('exit', onExit);
      await Promise.all([...servers].reverse().map((s) => s.stop('SIGTERM', 5000)));
      rmSync(stateDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Stops Trino, then PostgreSQL, and deletes the state directory. Idempotent; no-op for `connect()`ed testbeds. */
  async stop(): Promise<void> {
    if (this.stopped || this.servers.length === 0) return;
    this.stopped = true;
    process.removeListener('exit', this.killOnExit);
    const [postgres, trino] = this.servers;
    await trino?.stop('SIGTERM', 10_000);
    // SIGINT: PostgreSQL's fast shutdown (SIGTERM would wait for clients).
    await postgres?.stop('SIGINT', 10_000);
    rmSync(this.descriptor.stateDir, { recursive: true, force: true });
  }

  /**
   * A new, empty table bucket named `name` as the product names it (default `testbed-tables`):
   * its own Iceberg JDBC catalog and warehouse, and its own Trino catalog, to which the Athena
   * dialect mapping resolves `"s3tablescatalog/<name>"` for queries run through the returned handle.
   */
  async tableBucket(name = 'testbed-tables'): Promise<TableBucket> {
    const id = `bucket_${randomBytes(5).toString('hex')}`;
    const warehouse = path.join(this.descriptor.warehouseRoot, id);
    const props = icebergCatalogProperties(this.descriptor.catalogDatabase, id, warehouse);
    const withClause = Object.entries(props)
      .map(([k, v]) => `${quoteIdentifier(k)} = ${literal(v)}`)
      .join(', ');
    await this.session.query(`CREATE CATALOG ${quoteIdentifier(id)} USING iceberg WITH (${withClause})`);
    return new TableBucket(
      name,
      id,
      this.descriptor.writer,
      { name: id, warehouse: `file://${warehouse}` },
      this.descriptor.trinoUrl,
    );
  }

  /** Trino SQL (no catalog selected) with `parameters` bound as prepared-statement parameters. */
  query(sql: string, parameters: readonly SqlValue[] = []): Promise<StatementResult> {
    return this.session.query(sql, parameters);
  }

  /** Right after start-up a query can fail until the coordinator has registered itself as a worker. */
  private async untilQueriesRun(): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await this.session.query('SELECT 1');
        return;
      } catch (error) {
        if (!(error instanceof TrinoQueryError) || Date.now() > deadline) throw error;
        await sleep(200);
      }
    }
  }
}
