import type { AthenaTableName } from '../catalog';

/**
 * `"name"` with embedded quotes doubled (Trino's quoted identifier). Every identifier this package
 * writes into SQL is quoted: `timestamp` is a reserved word in Athena (Trino).
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"s3tablescatalog/<bucket>"."<namespace>"."<table>"`: the fully qualified table in Athena SQL. */
export function athenaTableReference(name: AthenaTableName): string {
  return [name.catalog, name.database, name.table].map(quoteIdentifier).join('.');
}
