import { athenaTableName, LogQuerySettings, LogSchema, LogTableLocation, ROLE_COLUMNS } from '../src';

/** The dev environment's table (`acme`/`dev`), as the log platform names it. */
export const DEV_TABLE: LogTableLocation = {
  tableBucketName: 'acme-dev-log-platform-tables',
  namespace: 'logs',
  tableName: 'some_api_logs',
};

/** How SQL names it. */
export const TABLE_SQL = '"s3tablescatalog/acme-dev-log-platform-tables"."logs"."some_api_logs"';

/** Query settings of the dev table with the contract's default columns (the MCP log tools' defaults: 24 h, 200 rows). */
export function contractSettings(
  overrides: Partial<Pick<LogQuerySettings, 'maxWindowHours' | 'maxLimit'>> = {},
): LogQuerySettings {
  return {
    table: athenaTableName(DEV_TABLE),
    columns: LogSchema.withExtraColumns().columns.map((c) => [c.name, c.type, c.description] as const),
    roles: { ...ROLE_COLUMNS },
    maxWindowHours: 24,
    maxLimit: 200,
    ...overrides,
  };
}
