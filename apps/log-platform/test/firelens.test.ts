import { LogSchema, shapingSpec } from '@aws-log-mcp/log-contract';
import { SecureBucket, ServiceRole } from '@aws-log-mcp/shared';
import { Template } from '@aws-log-mcp/testing';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { TerraformOutput } from 'cdktf';
import { FireLens, FireLensProps } from '../src/firelens';
import { LogDeliveryStream } from '../src/log-delivery-stream';
import { constructStack, decodeJsonencode, DEV_TABLE, Json } from './support/synth';

function build(props: Partial<FireLensProps> = {}): { firelens: FireLens; json: Json; t: Template } {
  const stack = constructStack();
  const stream = new LogDeliveryStream(stack, 'firehose', {
    streamName: 'acme-dev-log-platform-logs',
    roleName: 'acme-dev-log-platform-firehose',
    errorBucketName: 'acme-dev-log-platform-firehose-errors-111122223333',
    table: DEV_TABLE,
  });

  const firelens = new FireLens(stack, 'firelens', {
    stream,
    shaping: shapingSpec(LogSchema.withExtraColumns()),
    configBucket: new SecureBucket(stack, 'config', { bucketName: 'acme-dev-firelens-config-111122223333' }),
    routerImage: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:init-3.2.2',
    app: { name: 'app', image: 'example/app:1', environment: { MODE: 'demo' }, portMappings: [{ containerPort: 8080 }] },
    ...props,
  });
  const task = new ServiceRole(stack, 'task', { roleName: 'task', servicePrincipal: 'ecs-tasks.amazonaws.com' });
  firelens.grantTaskRole(task);
  new TerraformOutput(stack, 'definitions', { value: firelens.containerDefinitionsJson });
  const t = Template.synth(stack);
  return { firelens, json: t.json, t };
}

describe('FireLens', () => {
  const { firelens, json, t } = build();

  test('app container logs to this stream through awsfirelens; the router runs Fluent Bit with ECS metadata and our config', () => {
    const defs = decodeJsonencode(json.output.definitions.value) as unknown as Json[];
    expect(defs).toEqual([
      {
        name: 'app',
        image: 'example/app:1',
        essential: true,
        environment: [{ name: 'MODE', value: 'demo' }],
        portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
        dependsOn: [{ containerName: 'log_router', condition: 'START' }],
        logConfiguration: {
          logDriver: 'awsfirelens',
          options: {
            Name: 'kinesis_firehose',
            region: 'eu-west-1',
            delivery_stream: '${aws_kinesis_firehose_delivery_stream.firehose.name}',
          },
        },
      },
      {
        name: 'log_router',
        image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:init-3.2.2',
        essential: true,
        memoryReservation: 50,
        firelensConfiguration: { type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } },
        environment: [
          {
            name: 'aws_fluent_bit_init_s3_1',
            value: '${aws_s3_bucket.config.arn}/${aws_s3_object.firelens_filters.key}',
          },
          {
            name: 'aws_fluent_bit_init_s3_2',
            value: '${aws_s3_bucket.config.arn}/${aws_s3_object.firelens_parsers.key}',
          },
        ],
      },
    ]);
  });

  test('the Fluent Bit config files are uploaded as generated', () => {
    expect(Object.keys(t.resources('aws_s3_object'))).toEqual(['firelens_filters', 'firelens_parsers']);
    const objects = t.resourceList('aws_s3_object');
    expect(objects.map((o) => o.key)).toEqual(['firelens/log-platform-filters.conf', 'firelens/log-platform-parsers.conf']);
    expect(objects[0].content).toBe(firelens.fluentBit.filtersConf);
    expect(objects[1].content).toBe(firelens.fluentBit.parsersConf);
  });

  test('task role: PutRecordBatch on this stream only, plus reading the two config files', () => {
    expect(decodeJsonencode(t.resource(IamRolePolicy, 'task').policy).Statement).toEqual([
      {
        Sid: 'PutToLogStream',
        Effect: 'Allow',
        Action: 'firehose:PutRecordBatch',
        Resource: '${aws_kinesis_firehose_delivery_stream.firehose.arn}',
      },
      {
        Sid: 'FluentBitConfig',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: [
          '${aws_s3_bucket.config.arn}/${aws_s3_object.firelens_filters.key}',
          '${aws_s3_bucket.config.arn}/${aws_s3_object.firelens_parsers.key}',
        ],
      },
      {
        Sid: 'FluentBitConfigBucket',
        Effect: 'Allow',
        Action: 's3:GetBucketLocation',
        Resource: '${aws_s3_bucket.config.arn}',
      },
    ]);
  });

  test('router logs go to CloudWatch when a log group is given', () => {
    const defs = decodeJsonencode(
      build({ routerLogGroupName: '/ecs/demo/log-router' }).json.output.definitions.value,
    ) as unknown as Json[];
    expect(defs[1].logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: { 'awslogs-group': '/ecs/demo/log-router', 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': 'log-router' },
    });
  });

  test.each([
    [{ app: { name: 'log_router', image: 'x' } }, /firelens\.app\.name: \[ecs\.containerName\]/],
    [{ app: { name: 'bad name', image: 'x' } }, /\[ecs\.containerName\]/],
  ])('refuses %p', (props, error) => {
    expect(() => build(props)).toThrow(error);
  });
});
