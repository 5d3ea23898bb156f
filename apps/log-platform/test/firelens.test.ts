import { SecureBucket, ServiceRole } from '@aws-log-mcp/shared';
import { TerraformOutput, Testing, TerraformStack } from 'cdktf';
import { FireLens, FireLensProps } from '../src/firelens';
import { LogDeliveryStream } from '../src/log-delivery-stream';
import { LogSchema } from '../src/log-schema';
import { byPrefix, decodeJsonencode, DELIVERY_PROPS, Json, resourcesOf } from './support/synth';

function build(props: Partial<FireLensProps> = {}): { firelens: FireLens; json: Json } {
  const stack = new TerraformStack(Testing.app(), 'test');
  const stream = new LogDeliveryStream(stack, 'delivery', DELIVERY_PROPS);

  const firelens = new FireLens(stack, 'firelens', {
    stream,
    schema: LogSchema.withExtraColumns(),
    region: 'eu-west-1',
    configBucket: new SecureBucket(stack, 'config', { bucketName: 'acme-dev-firelens-config-111122223333' }),
    routerImage: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:init-2.32.4',
    app: { name: 'app', image: 'example/app:1', environment: { MODE: 'demo' }, portMappings: [{ containerPort: 8080 }] },
    ...props,
  });
  const task = new ServiceRole(stack, 'task', {
    roleName: 'task',
    servicePrincipal: 'ecs-tasks.amazonaws.com',
    sourceAccount: '111122223333',
  });
  firelens.grantTaskRole(task);
  new TerraformOutput(stack, 'definitions', { value: firelens.containerDefinitionsJson });
  return { firelens, json: JSON.parse(Testing.synth(stack)) as Json };
}

describe('FireLens', () => {
  const { firelens, json } = build();

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
            delivery_stream: '${aws_kinesis_firehose_delivery_stream.delivery_stream_036AB1BA.name}',
          },
        },
      },
      {
        name: 'log_router',
        image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:init-2.32.4',
        essential: true,
        memoryReservation: 50,
        firelensConfiguration: { type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } },
        environment: [
          {
            name: 'aws_fluent_bit_init_s3_1',
            value: '${aws_s3_bucket.config_bucket_492FA8B0.arn}/${aws_s3_object.firelens_filters_DE042125.key}',
          },
          {
            name: 'aws_fluent_bit_init_s3_2',
            value: '${aws_s3_bucket.config_bucket_492FA8B0.arn}/${aws_s3_object.firelens_parsers_D8A42514.key}',
          },
        ],
      },
    ]);
  });

  test('the Fluent Bit config files are uploaded as generated', () => {
    const objects = Object.values(resourcesOf(json, 'aws_s3_object'));
    expect(objects.map((o) => o.key)).toEqual(['firelens/log-platform-filters.conf', 'firelens/log-platform-parsers.conf']);
    expect(objects[0].content).toBe(firelens.fluentBit.filtersConf);
    expect(objects[1].content).toBe(firelens.fluentBit.parsersConf);
  });

  test('task role: PutRecordBatch on this stream only, plus reading the two config files', () => {
    expect(decodeJsonencode(byPrefix(json, 'aws_iam_role_policy', 'task').policy).Statement).toEqual([
      {
        Sid: 'PutToLogStream',
        Effect: 'Allow',
        Action: 'firehose:PutRecordBatch',
        Resource: '${aws_kinesis_firehose_delivery_stream.delivery_stream_036AB1BA.arn}',
      },
      {
        Sid: 'FluentBitConfig',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: [
          '${aws_s3_bucket.config_bucket_492FA8B0.arn}/${aws_s3_object.firelens_filters_DE042125.key}',
          '${aws_s3_bucket.config_bucket_492FA8B0.arn}/${aws_s3_object.firelens_parsers_D8A42514.key}',
        ],
      },
      {
        Sid: 'FluentBitConfigBucket',
        Effect: 'Allow',
        Action: 's3:GetBucketLocation',
        Resource: '${aws_s3_bucket.config_bucket_492FA8B0.arn}',
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
    [
      { routerImage: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable' },
      /firelens\.routerImage: \[firelens\.initImage\]/,
    ],
    [{ app: { name: 'log_router', image: 'x' } }, /firelens\.app\.name: \[ecs\.containerName\]/],
    [{ app: { name: 'bad name', image: 'x' } }, /\[ecs\.containerName\]/],
  ])('refuses %p', (props, error) => {
    expect(() => build(props)).toThrow(error);
  });
});
