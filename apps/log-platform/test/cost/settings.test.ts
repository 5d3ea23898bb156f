import { ValidationError } from '@aws-log-mcp/shared';
import {
  DEFAULT_RETENTION_DAYS,
  describePartitionSpec,
  filesPerFlush,
  parsePartitionSpec,
  readCostSettings,
  timePartitionHours,
} from '../../src/cost/settings';
import { envConfig } from '../support/synth';

describe('readCostSettings', () => {
  test('defaults: 30 days of retention and day(timestamp), the rest from the app config defaults', () => {
    const s = readCostSettings(envConfig());
    expect(s.retentionDays).toBe(DEFAULT_RETENTION_DAYS);
    expect(s.retentionFrom).toBe('default');
    expect(describePartitionSpec(s.partitionSpec)).toBe('day(timestamp)');
    expect(s.partitionSpecFrom).toBe('default');
    expect(s.buffering).toEqual({ intervalSeconds: 60, sizeMiB: 64 });
    expect(s.maintenance).toMatchObject({
      compactionTargetFileSizeMiB: 512,
      snapshotMaxAgeHours: 120,
      unreferencedDays: 3,
      nonCurrentDays: 10,
    });
    expect(s.athena.bytesScannedCutoff).toBe(1_073_741_824);
  });

  test('reads retentionDays, partitionSpec and the existing settings from the config', () => {
    const s = readCostSettings(
      envConfig({
        retentionDays: 7,
        partitionSpec: [
          { column: 'timestamp', transform: 'hour' },
          { column: 'container_name', transform: 'bucket[8]' },
        ],
        buffering: { intervalSeconds: 300, sizeMiB: 128 },
        errorRetentionDays: 3,
      }),
    );
    expect(s.retentionDays).toBe(7);
    expect(s.retentionFrom).toBe('config');
    expect(describePartitionSpec(s.partitionSpec)).toBe('hour(timestamp), bucket[8](container_name)');
    expect(timePartitionHours(s.partitionSpec)).toBe(1);
    expect(filesPerFlush(s.partitionSpec)).toBe(8);
    expect(s.buffering).toEqual({ intervalSeconds: 300, sizeMiB: 128 });
    expect(s.errorRetentionDays).toBe(3);
  });

  test('the stack footprint comes from the synthesized stack', () => {
    const plain = readCostSettings(envConfig()).footprint;
    // Four alarms; the Athena one reads ProcessedBytes of three query states, billed as three alarm metrics.
    expect([plain.alarms, plain.alarmMetrics]).toEqual([4, 6]);
    expect(plain.logGroups).toEqual([
      { name: '/aws/kinesisfirehose/acme-dev-log-platform-logs', retentionDays: 30, firehoseErrors: true },
    ]);
    const demo = readCostSettings(
      envConfig({ demo: { cluster: 'c', subnets: ['subnet-0123456789abcdef0'] }, logRetentionDays: 14 }),
    ).footprint;
    expect(demo.logGroups.map((g) => g.firehoseErrors)).toEqual(expect.arrayContaining([true, false]));
    expect(demo.logGroups.find((g) => g.firehoseErrors)?.retentionDays).toBe(14);
  });

  test.each([
    [
      { retentionDays: 0 },
      'environments.dev.apps.log-platform.retentionDays: must be a whole number of days between 1 and 36500 (got 0)',
    ],
    [{ retentionDays: 1.5 }, 'retentionDays: must be a whole number'],
    [{ retentionDays: '30' }, 'retentionDays: must be a whole number of days between 1 and 36500 (got "30")'],
    [{ retentionDays: '${jndi:x}' }, '(got "${jndi:x}")'],
    [{ partitionSpec: 'day(timestamp)' }, 'partitionSpec: must be an array of { column, transform }'],
    [
      { partitionSpec: [{ column: 'timestamp', transform: 'days' }] },
      'partitionSpec.0.transform: must be identity, year, month, day, hour, void, bucket[N] or truncate[W]',
    ],
    [{ partitionSpec: [{ column: 'x', transform: 'bucket[0]' }] }, 'partitionSpec.0.transform: N must be between 1 and 100000'],
    [{ partitionSpec: [{ column: '', transform: 'day' }] }, 'partitionSpec.0.column: must be a column name'],
    [{ partitionSpec: [{ column: 'timestamp', transform: 'day"; rm -rf /' }] }, 'partitionSpec.0.transform'],
    [{ partitionSpec: [null] }, 'partitionSpec.0: must be an object'],
    [{ buffering: { intervalSeconds: 901 } }, 'environments.dev.apps.log-platform.buffering.intervalSeconds'],
    [{ bogus: true }, 'environments.dev.apps.log-platform'],
  ])('rejects %j with the field and rule named', (app, message) => {
    let error: unknown;
    try {
      readCostSettings(envConfig(app as Record<string, unknown>));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(message);
  });

  test('partition transforms in Iceberg notation', () => {
    expect(parsePartitionSpec([], 'p')).toEqual([]);
    expect(timePartitionHours([])).toBeUndefined();
    expect(parsePartitionSpec([{ column: 'msg', transform: 'truncate[10]' }], 'p')).toEqual([
      { column: 'msg', transform: 'truncate' },
    ]);
    expect(timePartitionHours(parsePartitionSpec([{ column: 'timestamp', transform: 'month' }], 'p'))).toBe(730);
    // A time transform on another column does not prune the timestamp window.
    expect(timePartitionHours(parsePartitionSpec([{ column: 'ingested_at', transform: 'day' }], 'p'))).toBeUndefined();
  });
});
