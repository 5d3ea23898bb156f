// `@aws-log-mcp/log-contract/queries`: what the MCP log tools need at run time (the query builder,
// identifier quoting, the column vocabulary, catalog naming), without the rest of the package and
// its dependencies, so the Lambda bundle stays small.
export * from './catalog';
export * from './column-types';
export * from './sql/identifiers';
export * from './sql/log-queries';
