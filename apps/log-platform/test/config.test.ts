import { LogPlatformConfigSchema, readLogPlatformConfig } from '../src/config';
import { envConfig } from './support/synth';

describe('log-platform config section', () => {
  test('{} is valid and yields the documented defaults', () => {
    expect(LogPlatformConfigSchema.parse({})).toEqual({
      alarms: {
        athenaBytesScannedPerHour: 107_374_182_400,
        deliveryFreshnessSeconds: 900,
        failedRowsPerFiveMinutes: 0,
        throttledRecordsPerFiveMinutes: 0,
      },
      namespace: 'logs',
      tableName: 'some_api_logs',
      extraColumns: [],
      analyticsIntegration: 'manage',
      lakeFormationGrant: 'local-exec',
      lakeFormationPermissions: ['ALL'],
      buffering: { intervalSeconds: 60, sizeMiB: 64 },
      retryDurationSeconds: 300,
      errorRetentionDays: 30,
      logRetentionDays: 30,
      maintenance: {
        compactionTargetFileSizeMiB: 512,
        snapshotMaxAgeHours: 120,
        minSnapshotsToKeep: 1,
        unreferencedDays: 3,
        nonCurrentDays: 10,
      },
      athena: { bytesScannedCutoff: 1073741824, resultsExpirationDays: 7 },
      firelens: { routerImage: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:init-3.2.2' },
      loggerPreset: 'default',
      columnSources: {},
      multiline: 'none',
      retentionDays: 30,
      partitionSpec: [{ column: 'timestamp', transform: 'day' }],
      sortOrder: [{ column: 'timestamp', direction: 'asc', nullOrder: 'nulls-first' }],
      tableLayout: 'local-exec',
      protectTable: true,
    });
  });

  test.each([
    'public.ecr.aws/aws-observability/aws-for-fluent-bit:init-3.2.2',
    'public.ecr.aws/aws-observability/aws-for-fluent-bit:init-3.4.16',
    'public.ecr.aws/aws-observability/aws-for-fluent-bit:init-debug-3.2.2',
    `123456789012.dkr.ecr.eu-west-1.amazonaws.com/fluent-bit@sha256:${'a'.repeat(64)}`,
  ])('accepts the router image %s', (routerImage) => {
    expect(LogPlatformConfigSchema.parse({ firelens: { routerImage } }).firelens.routerImage).toBe(routerImage);
  });

  test('presets, source keys and multiline parse', () => {
    const parsed = LogPlatformConfigSchema.parse({
      loggerPreset: 'pino',
      columnSources: { request_id: { sourceKeys: ['req.id', 'reqId'] }, timestamp: { conversion: 'epoch-millis' } },
      extraColumns: [{ name: 'user_id', type: 'string', sourceKeys: ['user.id', 'userId'] }],
      multiline: 'java',
    });
    expect([parsed.loggerPreset, parsed.columnSources, parsed.extraColumns[0].sourceKeys, parsed.multiline]).toEqual([
      'pino',
      { request_id: { sourceKeys: ['req.id', 'reqId'] }, timestamp: { conversion: 'epoch-millis' } },
      ['user.id', 'userId'],
      'java',
    ]);
  });

  test("sortOrder fills in Iceberg's null order: first for ascending, last for descending", () => {
    expect(
      LogPlatformConfigSchema.parse({ sortOrder: [{ column: 'timestamp', direction: 'desc' }, { column: 'level' }] }).sortOrder,
    ).toEqual([
      { column: 'timestamp', direction: 'desc', nullOrder: 'nulls-last' },
      { column: 'level', direction: 'asc', nullOrder: 'nulls-first' },
    ]);
    expect(LogPlatformConfigSchema.parse({ partitionSpec: [], sortOrder: [] })).toMatchObject({
      partitionSpec: [],
      sortOrder: [],
    });
  });

  test('partial nested objects keep their other defaults', () => {
    expect(LogPlatformConfigSchema.parse({ buffering: { sizeMiB: 8 } }).buffering).toEqual({ intervalSeconds: 60, sizeMiB: 8 });
  });

  test.each([
    [{ analyticsIntegration: 'console' }, 'environments.dev.apps.log-platform.analyticsIntegration'],
    [{ lakeFormationGrant: 'cli' }, 'environments.dev.apps.log-platform.lakeFormationGrant'],
    [{ lakeFormationPermissions: [] }, 'environments.dev.apps.log-platform.lakeFormationPermissions'],
    [{ lakeFormationPermissions: ['SELECT', 'SELECT'] }, 'must not repeat a permission'],
    [{ logRetentionDays: 10 }, 'environments.dev.apps.log-platform.logRetentionDays'],
    [{ extraColumns: [{ name: 'a', type: 'string', extra: 1 }] }, 'environments.dev.apps.log-platform.extraColumns.0'],
    [
      { loggerPreset: 'Pino' },
      'environments.dev.apps.log-platform.loggerPreset: [logSchema.loggerPreset] must be one of default, pino',
    ],
    [
      { columnSources: { message: { sourceKeys: [] } } },
      'columnSources.message.sourceKeys: [logSchema.sourceKeys] list at least one key',
    ],
    [{ columnSources: { message: { sourceKeys: ['msg', 'msg'] } } }, '[logSchema.sourceKeys] keys must not repeat'],
    [
      { columnSources: { message: { sourceKeys: ['a..b'] } } },
      'columnSources.message.sourceKeys.0: [logSchema.sourceKeys] a source key is',
    ],
    [{ columnSources: { message: { sourceKeys: ['${file("/etc/passwd")}'] } } }, '[logSchema.sourceKeys]'],
    [{ columnSources: { message: { sourceKeys: Array.from({ length: 17 }, (_, i) => `k${i}`) } } }, 'at most 16 keys per column'],
    [
      { columnSources: { timestamp: { conversion: 'epoch-minutes' } } },
      'columnSources.timestamp.conversion: [logSchema.conversion] timestamp conversions are auto',
    ],
    [{ columnSources: { level: { conversion: 'upper' } } }, '[logSchema.conversion] level conversions are level, verbatim'],
    [{ columnSources: { msg: { sourceKeys: ['m'] } } }, 'environments.dev.apps.log-platform.columnSources'],
    [
      { extraColumns: [{ name: 'a', type: 'string', sourceKey: 'a', sourceKeys: ['b'] }] },
      '[logSchema.sourceKeys] give sourceKey or sourceKeys, not both',
    ],
    [
      { multiline: 'ruby' },
      'environments.dev.apps.log-platform.multiline: [firelens.multiline] must be one of none, java, python, go',
    ],
    [{ firelens: { routerImage: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:init-latest' } }, '[firelens.routerImage]'],
    [{ firelens: { routerImage: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:init-2.34.3' } }, '[firelens.routerImage]'],
    [{ firelens: { routerImage: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.2' } }, '[firelens.routerImage]'],
    [
      { retentionDays: 0 },
      'environments.dev.apps.log-platform.retentionDays: [retention.days] must be a whole number of days from 1 to 36500',
    ],
    [{ retentionDays: 36_501 }, 'retentionDays: [retention.days]'],
    [{ retentionDays: 1.5 }, 'retentionDays: [retention.days]'],
    [{ retentionDays: '30' }, 'retentionDays: [retention.days]'],
    [{ retentionDays: null }, 'retentionDays: [retention.days]'],
    [{ retentionDays: '${jndi:ldap://x}' }, 'retentionDays: [retention.days]'],
    [{ partitionSpec: 'day(timestamp)' }, 'environments.dev.apps.log-platform.partitionSpec'],
    [
      { partitionSpec: [{ column: 'timestamp', transform: 'days' }] },
      'partitionSpec.0.transform: [tableLayout.transform] must be identity',
    ],
    [{ partitionSpec: [{ column: 'timestamp', transform: 'void' }] }, 'partitionSpec.0.transform: [tableLayout.transform]'],
    [{ partitionSpec: [{ column: 'level', transform: 'bucket[0]' }] }, 'partitionSpec.0.transform: [tableLayout.transform]'],
    [
      { partitionSpec: [{ column: 'level', transform: 'bucket[99999999]' }] },
      'partitionSpec.0.transform: [tableLayout.transform]',
    ],
    [
      { partitionSpec: [{ column: 'timestamp', transform: 'day"; rm -rf /' }] },
      'partitionSpec.0.transform: [tableLayout.transform]',
    ],
    [{ partitionSpec: [{ column: 'timestamp', transform: 'day\n' }] }, 'partitionSpec.0.transform: [tableLayout.transform]'],
    [{ partitionSpec: [{ column: 'Timestamp', transform: 'day' }] }, 'partitionSpec.0.column: [logSchema.columnName]'],
    [
      { partitionSpec: [{ column: 'timestamp', transform: 'day', name: 'x' }] },
      'environments.dev.apps.log-platform.partitionSpec.0',
    ],
    [{ partitionSpec: [{ column: 'timestamp' }] }, 'partitionSpec.0.transform'],
    [
      { partitionSpec: ['a', 'b', 'c', 'd', 'e'].map((c) => ({ column: c, transform: 'identity' })) },
      'partitionSpec: [tableLayout.partitionFields] at most 4 partition fields',
    ],
    [
      { sortOrder: [{ column: 'timestamp', direction: 'ascending' }] },
      'sortOrder.0.direction: [tableLayout.sortDirection] must be asc or desc',
    ],
    [{ sortOrder: [{ column: 'timestamp', nullOrder: 'first' }] }, 'sortOrder.0.nullOrder: [tableLayout.nullOrder]'],
    [{ sortOrder: [{ column: '' }] }, 'sortOrder.0.column: [logSchema.columnName]'],
    [{ sortOrder: Array.from({ length: 9 }, (_, i) => ({ column: `c${i}` })) }, 'sortOrder: [tableLayout.sortFields] at most 8'],
    [{ tableLayout: 'cli' }, 'environments.dev.apps.log-platform.tableLayout: [tableLayout.mode] must be local-exec or native'],
    [{ protectTable: 'false' }, 'environments.dev.apps.log-platform.protectTable: [logTable.protect] must be true or false'],
  ])('refuses %p naming the field', (section, message) => {
    expect(() => readLogPlatformConfig(envConfig(section))).toThrow(message);
  });
});
