import { athenaTableName, athenaTableReference, logPlatformLocation, logTableReadAccess, s3TablesCatalogId } from '../src';
import { arnFormatter } from '@aws-log-mcp/shared/core';
import { DEV_TABLE, TABLE_SQL } from './support';

const env = (app: Record<string, unknown> = {}) => ({
  project: 'acme',
  name: 'dev',
  region: 'eu-west-1',
  tags: {},
  backend: { type: 'local' as const },
  apps: { 'log-platform': app, 'mcp-server': { unrelated: true } },
});

describe('where the log platform keeps its table', () => {
  it('derives every name from project and environment, and reads only the contract fields of the section', () => {
    const location = logPlatformLocation(env({ namespace: 'app_logs', buffering: { intervalSeconds: 1 } }), '123456789012');
    expect(location).toMatchObject({
      tableBucketName: 'acme-dev-log-platform-tables',
      namespace: 'app_logs',
      tableName: 'some_api_logs',
      streamName: 'acme-dev-log-platform-logs',
      workgroup: 'acme-dev-log-platform-logs',
      resultsBucket: 'acme-dev-log-platform-athena-results-123456789012',
      lakeFormationGrant: 'local-exec',
    });
  });

  it('refuses a contract field the log platform would refuse, naming the field in its section', () => {
    expect(() => logPlatformLocation(env({ namespace: 'Has-Hyphen' }), '1')).toThrow(
      'environments.dev.apps.log-platform.namespace: [s3tables.namespace]',
    );
    expect(() => logPlatformLocation(env({ extraColumns: [{ name: 'level', type: 'string' }] }), '1')).toThrow(
      'environments.dev.apps.log-platform.extraColumns.0.name: [logSchema.uniqueColumns]',
    );
  });

  it('names the table for Athena and Lake Formation', () => {
    expect(athenaTableReference(athenaTableName(DEV_TABLE))).toBe(TABLE_SQL);
    expect(s3TablesCatalogId('123456789012', DEV_TABLE.tableBucketName)).toBe(
      '123456789012:s3tablescatalog/acme-dev-log-platform-tables',
    );
  });
});

describe('read access to the log table', () => {
  it('is the Athena, Glue and Lake Formation statements plus SELECT and DESCRIBE, in the given grant mode', () => {
    const arns = { ...arnFormatter({ partition: 'aws', region: 'eu-west-1', account: '123456789012' }), account: '123456789012' };
    const access = logTableReadAccess(arns, {
      ...DEV_TABLE,
      workgroup: 'acme-dev-log-platform-logs',
      resultsBucketArn: 'arn:aws:s3:::results',
      lakeFormationGrant: 'native',
    });
    expect(access).toMatchObject({
      catalogId: '123456789012:s3tablescatalog/acme-dev-log-platform-tables',
      databaseName: 'logs',
      tableName: 'some_api_logs',
      permissions: ['SELECT', 'DESCRIBE'],
      mode: 'native',
    });
    expect(access.statements).toEqual([
      {
        sid: 'AthenaWorkgroupQueries',
        actions: [
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StartQueryExecution',
          'athena:StopQueryExecution',
        ],
        resources: ['arn:aws:athena:eu-west-1:123456789012:workgroup/acme-dev-log-platform-logs'],
      },
      expect.objectContaining({ sid: 'AthenaResults', resources: ['arn:aws:s3:::results', 'arn:aws:s3:::results/results/*'] }),
      {
        sid: 'GlueReadLogTable',
        actions: ['glue:GetCatalog', 'glue:GetDatabase', 'glue:GetTable'],
        resources: [
          'arn:aws:glue:eu-west-1:123456789012:catalog',
          'arn:aws:glue:eu-west-1:123456789012:catalog/s3tablescatalog',
          'arn:aws:glue:eu-west-1:123456789012:catalog/s3tablescatalog/acme-dev-log-platform-tables',
          'arn:aws:glue:eu-west-1:123456789012:database/s3tablescatalog/acme-dev-log-platform-tables/logs',
          'arn:aws:glue:eu-west-1:123456789012:table/s3tablescatalog/acme-dev-log-platform-tables/logs/some_api_logs',
        ],
      },
      expect.objectContaining({ sid: 'LakeFormationDataAccess', resources: ['*'] }),
    ]);
  });
});

describe('the package loads no cdktf code', () => {
  it('requiring the package pulls in neither cdktf nor constructs', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../dist/index.js');
    });
    const loaded = Object.keys(require.cache).filter((k) => /node_modules\/(cdktf|constructs|@cdktf)\//.test(k));
    expect(loaded).toEqual([]);
  });
});
