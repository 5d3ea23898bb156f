import { spawn } from 'node:child_process';
import * as path from 'node:path';

/**
 * An Iceberg table as S3 Tables' CreateTable takes it (`metadata.iceberg`): the schema the stack
 * sends, and optionally the partition spec and write (sort) order, in the Iceberg JSON form
 * (`source-id`, `field-id`, `null-order`). Field ids default to 1..n in schema order.
 */
export interface IcebergTableMetadata {
  readonly schema: { readonly fields: readonly IcebergSchemaField[] };
  readonly partitionSpec?: { readonly fields: readonly IcebergPartitionField[] };
  readonly writeOrder?: { readonly 'order-id'?: number; readonly fields: readonly IcebergSortField[] };
}

export interface IcebergSchemaField {
  readonly name: string;
  /** Iceberg primitive type: `string`, `timestamp`, `long`, `int`, `double`, `boolean`, … */
  readonly type: string;
  readonly required?: boolean;
  readonly id?: number;
}

export interface IcebergPartitionField {
  readonly 'source-id': number;
  /** `identity`, `year`, `month`, `day`, `hour`, `bucket[N]`, `truncate[W]`. */
  readonly transform: string;
  readonly name: string;
  readonly 'field-id'?: number;
}

export interface IcebergSortField {
  readonly 'source-id': number;
  readonly transform: string;
  readonly direction: 'asc' | 'desc';
  readonly 'null-order': 'nulls-first' | 'nulls-last';
}

/** What the writer reports about a table (pyiceberg's view of its metadata). */
export interface IcebergTableDescription {
  readonly metadataLocation: string;
  readonly location: string;
  readonly formatVersion: number;
  readonly schema: { readonly fields: readonly (IcebergSchemaField & { id: number })[] };
  readonly partitionSpec: { readonly 'spec-id': number; readonly fields: readonly IcebergPartitionField[] };
  readonly sortOrder: { readonly 'order-id': number; readonly fields: readonly IcebergSortField[] };
  readonly properties: Readonly<Record<string, string>>;
  readonly snapshots: number;
}

export interface AppendResult {
  readonly rows: number;
  /** Decimal string (64-bit). */
  readonly snapshotId: string | null;
  readonly addedDataFiles: number;
  readonly addedFilesSize: number;
}

/** The writer refused the request or the commit failed; the message names the field and rule. */
export class IcebergWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IcebergWriteError';
  }
}

/** How the writer reaches the catalog database: the venv's Python and a SQLAlchemy URI with a `{password}` placeholder. */
export interface WriterConnection {
  readonly python: string;
  readonly uri: string;
  readonly password: string;
}

/** One Iceberg JDBC catalog (a table bucket): its name in the catalog tables and its warehouse URI. */
export interface WriterCatalog {
  readonly name: string;
  readonly warehouse: string;
}

const SCRIPT = path.join(__dirname, '..', 'python', 'iceberg_writer.py');

/** One request to `python/iceberg_writer.py` (pyiceberg) for `catalog`; resolves with its JSON answer. */
export function runWriter<T>(connection: WriterConnection, catalog: WriterCatalog, request: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(connection.python, [SCRIPT], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ICEBERG_TESTBED_PGPASSWORD: connection.password, PYTHONDONTWRITEBYTECODE: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', (e) => reject(new IcebergWriteError(`iceberg-testbed writer did not start: ${e.message}`)));
    child.on('close', (code) => {
      if (code !== 0) {
        const lines = err.trim().split('\n');
        return reject(new IcebergWriteError(lines[lines.length - 1] || `writer exited with ${code}`));
      }
      try {
        resolve(JSON.parse(out) as T);
      } catch {
        reject(new IcebergWriteError(`writer answered no JSON: ${out.slice(0, 200)}`));
      }
    });
    child.stdin.end(JSON.stringify({ ...request, catalog: { ...catalog, uri: connection.uri } }));
  });
}
