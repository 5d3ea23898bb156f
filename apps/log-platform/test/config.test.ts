import { LogPlatformConfigSchema, readLogPlatformConfig } from '../src/config';
import { envConfig } from './support/synth';

describe('log-platform config section', () => {
  test('{} is valid and yields the documented defaults', () => {
    expect(LogPlatformConfigSchema.parse({})).toEqual({
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
      firelens: { routerImage: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:init-latest' },
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
  ])('refuses %p naming the field', (section, message) => {
    expect(() => readLogPlatformConfig(envConfig(section))).toThrow(message);
  });
});
