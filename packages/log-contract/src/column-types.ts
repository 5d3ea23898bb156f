// The column vocabulary of the contract: types, name rules, role columns. No imports, so the
// Lambda bundle can load it without the rest of the package.

/**
 * Column types the pipeline supports end to end: Iceberg can store them, Firehose can write
 * them from JSON, the Fluent Bit filter can coerce to them, and the record checker can test them.
 */
export const COLUMN_TYPES = ['string', 'timestamp', 'long', 'int', 'double', 'boolean'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/**
 * Iceberg, Athena and Firehose agree on lowercase snake_case names: Athena lowercases
 * identifiers, and Firehose matches JSON keys to column names exactly.
 */
export const COLUMN_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,127}$/;
/** A JSON key in the application log: anything printable, but no dots (Fluent Bit record accessors). */
export const SOURCE_KEY_PATTERN = /^[A-Za-z0-9_@-]{1,128}$/;

/** Columns with a role in the named queries and the MCP tools; they must exist. */
export const ROLE_COLUMNS = {
  timestamp: 'timestamp',
  level: 'level',
  message: 'message',
  requestId: 'request_id',
  containerName: 'container_name',
  log: 'log',
} as const;
export type RoleColumns = { readonly [K in keyof typeof ROLE_COLUMNS]: string };
