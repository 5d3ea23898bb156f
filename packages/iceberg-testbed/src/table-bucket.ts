import { AthenaDialectOptions, mapCatalog, toTrino } from './athena-dialect';
import {
  AppendResult,
  IcebergTableDescription,
  IcebergTableMetadata,
  runWriter,
  WriterCatalog,
  WriterConnection,
} from './iceberg-writer';
import { quoteIdentifier } from './sql-tokens';
import { SqlValue, StatementResult, TrinoSession } from './trino-session';

/** A table of a bucket: an S3 Tables namespace and table name. */
export interface TableRef {
  readonly namespace: string;
  readonly table: string;
}

/** Athena's `QueryExecutionContext`: the catalog (`s3tablescatalog/<bucket>`) and database (namespace) unqualified names resolve in. */
export interface QueryExecutionContext {
  /** @default this table bucket's catalog */
  readonly catalog?: string;
  /** @default none: names must name their namespace */
  readonly database?: string;
}

/** Bytes, rows and splits a query read, from Trino's query statistics (for scan benchmarks). */
export interface ScanStatistics {
  readonly queryId: string;
  /** Bytes read from storage (Parquet column chunks and footers): the figure Athena bills as data scanned. */
  readonly physicalInputBytes: number;
  /** Rows the scans produced (after file and row-group pruning, before other filters). */
  readonly processedRows: number;
  /** Table-scan splits; with data files smaller than a split (as here), the number of data files read. */
  readonly splits: number;
  /** Rows the query returned. */
  readonly rows: number;
}

/**
 * One S3 table bucket of the testbed: an Iceberg JDBC catalog with its own warehouse, and the
 * Trino catalog over it. Tables are created from the S3 Tables `metadata.iceberg` document the
 * stack sends, rows are appended as Firehose delivers them, and SQL runs either as plain Trino
 * ({@link query}, this catalog selected) or as Athena would run it ({@link runAthenaQuery}).
 */
export class TableBucket {
  private readonly session: TrinoSession;

  constructor(
    /** The bucket's name as the product uses it in `"s3tablescatalog/<name>"`. */
    readonly name: string,
    /** The Trino catalog (and Iceberg JDBC catalog name) behind it. */
    readonly trinoCatalog: string,
    private readonly writer: WriterConnection,
    private readonly catalog: WriterCatalog,
    private readonly trinoUrl: string,
  ) {
    this.session = new TrinoSession({ server: trinoUrl, catalog: trinoCatalog });
  }

  /** The Athena-form table name, `"s3tablescatalog/<bucket>"."<namespace>"."<table>"`. */
  athenaTableReference(ref: TableRef): string {
    return [`s3tablescatalog/${this.name}`, ref.namespace, ref.table].map(quoteIdentifier).join('.');
  }

  /** The Trino-form table name, `"<catalog>"."<namespace>"."<table>"`. */
  trinoTableReference(ref: TableRef): string {
    return [this.trinoCatalog, ref.namespace, ref.table].map(quoteIdentifier).join('.');
  }

  /**
   * Creates the namespace (if needed) and the table from S3 Tables' `metadata.iceberg` document
   * (schema fields; optional partition spec and write order in Iceberg's JSON form), with optional
   * table `properties`, and appends `records` (as {@link append}) in the same writer process.
   */
  createTable(
    ref: TableRef,
    metadata: IcebergTableMetadata,
    options: { readonly properties?: Record<string, string>; readonly records?: readonly Record<string, unknown>[] } = {},
  ): Promise<IcebergTableDescription & { readonly appended?: AppendResult }> {
    return runWriter(this.writer, this.catalog, {
      op: 'create-table',
      ...ref,
      metadata,
      properties: options.properties ?? {},
      records: options.records,
    });
  }

  /**
   * Appends records as Firehose delivers them (JSON objects; keys matched to column names exactly,
   * other keys dropped, a missing key NULL, epoch microseconds for `timestamp`), in one commit. A
   * value of the wrong JSON type rejects the whole batch with `records[i].<column>: …`.
   */
  append(ref: TableRef, records: readonly Record<string, unknown>[]): Promise<AppendResult> {
    return runWriter(this.writer, this.catalog, { op: 'append', ...ref, records });
  }

  /** The table's metadata as the writer reads it (schema with ids, partition spec, sort order). */
  describeTable(ref: TableRef): Promise<IcebergTableDescription> {
    return runWriter(this.writer, this.catalog, { op: 'describe', ...ref });
  }

  /**
   * How a pyiceberg program of the product's own reaches this bucket's catalog: the venv's Python
   * and pyiceberg catalog properties (`load_catalog(name, **properties)` of a SQL catalog on the
   * testbed's PostgreSQL, password included). For running the product's Iceberg steps against the
   * testbed; the properties hold a secret of the test run, so never log them.
   */
  pyicebergCatalog(): { readonly python: string; readonly name: string; readonly properties: Readonly<Record<string, string>> } {
    return {
      python: this.writer.python,
      name: this.catalog.name,
      properties: {
        type: 'sql',
        uri: this.writer.uri.replace('{password}', encodeURIComponent(this.writer.password)),
        warehouse: this.catalog.warehouse,
        init_catalog_tables: 'false',
      },
    };
  }

  /** Trino SQL with this bucket's catalog selected and `parameters` bound as prepared-statement parameters. */
  query(sql: string, parameters: readonly SqlValue[] = []): Promise<StatementResult> {
    return this.session.query(sql, parameters);
  }

  /** The dialect mapping options of this bucket. */
  get dialect(): AthenaDialectOptions {
    return { tableBucket: this.name, trinoCatalog: this.trinoCatalog };
  }

  /**
   * Runs a query the way the product sends it to Athena: `queryString`, `executionParameters` and
   * the `QueryExecutionContext` (`database`, `catalog`) exactly as in StartQueryExecution, through
   * the Athena dialect mapping. Throws `AthenaDialectError` where Athena would refuse the query,
   * `TrinoQueryError` where the engine does.
   */
  async runAthenaQuery(
    queryString: string,
    executionParameters: readonly string[] = [],
    context: QueryExecutionContext = {},
  ): Promise<StatementResult> {
    const statement = toTrino(queryString, executionParameters, this.dialect);
    const catalog = context.catalog === undefined ? this.trinoCatalog : mapCatalog(context.catalog, this.dialect);
    const session =
      context.database === undefined && catalog === this.trinoCatalog
        ? this.session
        : new TrinoSession({ server: this.trinoUrl, catalog, schema: context.database });
    return session.execute(statement.sql, statement.parameters);
  }

  /**
   * Runs an Athena-form query and reports what it read. `physicalInputBytes` is the figure to
   * compare between table layouts (Athena bills data scanned).
   */
  async scanStatistics(queryString: string, executionParameters: readonly string[] = []): Promise<ScanStatistics> {
    const result = await this.runAthenaQuery(queryString, executionParameters);
    // Exact byte counts come with the client protocol's final statistics; splits only with the query info.
    const info = await this.queryInfo(result.queryId);
    return {
      queryId: result.queryId,
      physicalInputBytes: result.stats?.physicalInputBytes ?? 0,
      processedRows: result.stats?.processedRows ?? 0,
      splits: tableScanSplits(info),
      rows: result.values.length,
    };
  }

  /** Trino's query info (`GET /v1/query/<id>`). */
  async queryInfo(queryId: string): Promise<QueryInfoDocument> {
    const r = await fetch(`${this.trinoUrl}/v1/query/${encodeURIComponent(queryId)}`, { headers: { 'X-Trino-User': 'testbed' } });
    if (!r.ok) throw new Error(`iceberg-testbed: query info for ${queryId}: HTTP ${r.status}`);
    return (await r.json()) as QueryInfoDocument;
  }
}

/** The parts of Trino's query info the statistics use. */
export interface QueryInfoDocument {
  readonly queryStats?: {
    readonly operatorSummaries?: readonly { readonly operatorType?: string; readonly totalDrivers?: number }[];
  };
}

/** Drivers of the table-scan operators: one per split. */
function tableScanSplits(info: QueryInfoDocument): number {
  return (info.queryStats?.operatorSummaries ?? [])
    .filter((op) => op.operatorType === 'TableScanOperator' || op.operatorType === 'ScanFilterAndProjectOperator')
    .reduce((n, op) => n + (op.totalDrivers ?? 0), 0);
}
