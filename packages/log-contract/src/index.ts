// `@aws-log-mcp/log-contract`: the log table's contract, with no cdktf code. See README.md.
export * from './columns';
export * from './location';
export * from './permissions';
export * from './statements';
export * from './sql/identifiers';
export * from './sql/named-queries';
export * from './sql/log-queries';
export * from './ingest/presets';
export * from './ingest/json-text';
export * from './ingest/shape';
export * from './metrics';
export * from './sql/retention';
export * from './schema-evolution';
export * from './table-layout';
