import { logPlatformLocation } from '@aws-log-mcp/log-contract';
import { ACCOUNT, envConfig, Json, synthStack } from './support/synth';

describe("the log contract's logPlatformLocation", () => {
  test('names exactly what the stack creates, so readers in other stacks need no remote state', () => {
    const app = { namespace: 'app_logs', tableName: 'billing', extraColumns: [{ name: 'http_status', type: 'int' }] };
    const { t, json, stack } = synthStack(app);
    const only = (_: Json, type: string) => t.only(type);
    const location = logPlatformLocation(envConfig(app), ACCOUNT);
    expect({
      tableBucketName: location.tableBucketName,
      namespace: location.namespace,
      tableName: location.tableName,
      streamName: location.streamName,
      workgroup: location.workgroup,
      resultsBucket: location.resultsBucket,
    }).toEqual({
      tableBucketName: only(json, 'aws_s3tables_table_bucket').name,
      namespace: only(json, 'aws_s3tables_namespace').namespace,
      tableName: only(json, 'aws_s3tables_table').name,
      streamName: only(json, 'aws_kinesis_firehose_delivery_stream').name,
      workgroup: t.resource('aws_athena_workgroup', 'athena').name,
      resultsBucket: Object.values(json.resource.aws_s3_bucket as Record<string, { bucket: string }>)
        .map((b) => b.bucket)
        .find((b) => b.includes('athena-results')),
    });
    expect(location.lakeFormationGrant).toBe('local-exec');
    expect(location.schema.names).toEqual(stack.schema.names);
  });
});
