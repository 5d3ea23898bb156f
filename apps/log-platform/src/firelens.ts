import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { FIREHOSE_PUT_RECORD_BATCH_ACTIONS, ShapingSpec } from '@aws-log-mcp/log-contract';
import {
  AddressableProps,
  addressNameOf,
  grant,
  Grant,
  IGrantable,
  jsonencodeSafe,
  PlatformStack,
  PolicyStatement,
  SecureBucket,
  setAddress,
  ValidationError,
} from '@aws-log-mcp/shared';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { FluentBitConfig, MultilineMode, renderFluentBitConfig } from './fluent-bit-config';
import type { LogDeliveryStream } from './log-delivery-stream';

/** The application container FireLens collects logs from. */
export interface AppContainerProps {
  /** Container name in the task definition. */
  readonly name: string;
  /** Image reference, e.g. `public.ecr.aws/docker/library/nginx:1.27`. */
  readonly image: string;
  /** Overrides the image's `CMD`. @default the image's command */
  readonly command?: readonly string[];
  /** Plain environment variables (not secrets). @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Ports the container listens on; `protocol` @default 'tcp'. @default none */
  readonly portMappings?: readonly { containerPort: number; protocol?: 'tcp' | 'udp' }[];
}

export interface FireLensProps extends AddressableProps {
  /** The delivery stream the log router writes to. */
  readonly stream: LogDeliveryStream;
  /** How log lines become rows (the log contract's `shapingSpec` of the table's schema and preset). */
  readonly shaping: ShapingSpec;
  /** Join stack traces of non-JSON output with Fluent Bit's built-in parser of this language. @default 'none' */
  readonly multiline?: MultilineMode;
  /** Bucket for the Fluent Bit config files the init image downloads at start. */
  readonly configBucket: SecureBucket;
  /** Key prefix of those files. @default 'firelens/' */
  readonly configPrefix?: string;
  /**
   * aws-for-fluent-bit image with the init process, 3.x or later (Fluent Bit >= 4.2.2, whose
   * LuaJIT the filter is tested on; the config schema checks the tag).
   */
  readonly routerImage: string;
  readonly app: AppContainerProps;
  /** Log group for the router's own logs (awslogs). @default none: the router's logs are not kept */
  readonly routerLogGroupName?: string;
}

const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * FireLens for one application container: the ECS container definitions (the application
 * with the `awsfirelens` log driver pointing at the delivery stream, and the
 * aws-for-fluent-bit log router with ECS metadata enabled), the Fluent Bit configuration
 * generated from the schema contract (uploaded for the init image to load), and the task
 * role statements (PutRecordBatch on this stream only, read of the two config objects).
 * Addresses, for address name `n`: `aws_s3_object.n_filters` and `aws_s3_object.n_parsers`.
 */
export class FireLens extends Construct {
  readonly fluentBit: FluentBitConfig;
  readonly filtersObject: S3Object;
  readonly parsersObject: S3Object;
  /** Container definitions as objects (for composition) ... */
  readonly containerDefinitions: Record<string, unknown>[];
  /** ... and as the JSON `aws_ecs_task_definition.container_definitions` expects. */
  readonly containerDefinitionsJson: string;
  private readonly stream: LogDeliveryStream;
  private readonly configBucket: SecureBucket;

  constructor(scope: Construct, id: string, props: FireLensProps) {
    super(scope, id);
    if (!CONTAINER_NAME.test(props.app.name) || props.app.name === 'log_router') {
      throw new ValidationError(
        `${id}.app.name`,
        '[ecs.containerName] container names are 1-255 letters, digits, _ and -, and "log_router" is taken',
        props.app.name,
      );
    }
    this.stream = props.stream;
    this.configBucket = props.configBucket;
    const region = PlatformStack.of(this).region;
    const name = addressNameOf(id, props);
    this.fluentBit = renderFluentBitConfig(props.shaping, { multiline: props.multiline });
    const prefix = props.configPrefix ?? 'firelens/';
    this.filtersObject = setAddress(
      new S3Object(this, 'filters', {
        bucket: props.configBucket.name,
        key: `${prefix}log-platform-filters.conf`,
        content: this.fluentBit.filtersConf,
        contentType: 'text/plain',
      }),
      `${name}_filters`,
    );
    this.parsersObject = setAddress(
      new S3Object(this, 'parsers', {
        bucket: props.configBucket.name,
        key: `${prefix}log-platform-parsers.conf`,
        content: this.fluentBit.parsersConf,
        contentType: 'text/plain',
      }),
      `${name}_parsers`,
    );

    const app: Record<string, unknown> = {
      name: props.app.name,
      image: props.app.image,
      essential: true,
      ...(props.app.command ? { command: [...props.app.command] } : {}),
      environment: Object.entries(props.app.environment ?? {}).map(([name, value]) => ({ name, value })),
      portMappings: (props.app.portMappings ?? []).map((p) => ({
        containerPort: p.containerPort,
        protocol: p.protocol ?? 'tcp',
      })),
      dependsOn: [{ containerName: 'log_router', condition: 'START' }],
      logConfiguration: {
        logDriver: 'awsfirelens',
        options: { Name: 'kinesis_firehose', region, delivery_stream: props.stream.streamName },
      },
    };
    const router: Record<string, unknown> = {
      name: 'log_router',
      image: props.routerImage,
      essential: true,
      memoryReservation: 50,
      firelensConfiguration: { type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } },
      environment: [
        { name: 'aws_fluent_bit_init_s3_1', value: this.objectArn(this.filtersObject) },
        { name: 'aws_fluent_bit_init_s3_2', value: this.objectArn(this.parsersObject) },
      ],
      ...(props.routerLogGroupName
        ? {
            logConfiguration: {
              logDriver: 'awslogs',
              options: {
                'awslogs-group': props.routerLogGroupName,
                'awslogs-region': region,
                'awslogs-stream-prefix': 'log-router',
              },
            },
          }
        : {}),
    };
    this.containerDefinitions = [app, router];
    this.containerDefinitionsJson = Fn.jsonencode(jsonencodeSafe(this.containerDefinitions));
  }

  private objectArn(o: S3Object): string {
    return `${this.configBucket.arn}/${o.key}`;
  }

  /** What the task role needs: PutRecordBatch on this stream only, and the two config files. */
  taskRoleStatements(): PolicyStatement[] {
    return [
      ...this.stream.putStatements(FIREHOSE_PUT_RECORD_BATCH_ACTIONS),
      {
        sid: 'FluentBitConfig',
        actions: ['s3:GetObject'],
        resources: [this.objectArn(this.filtersObject), this.objectArn(this.parsersObject)],
      },
      { sid: 'FluentBitConfigBucket', actions: ['s3:GetBucketLocation'], resources: [this.configBucket.arn] },
    ];
  }

  /** Lets the task role (`grantee`) run the log router: {@link taskRoleStatements}. */
  grantTaskRole(grantee: IGrantable): Grant {
    return grant(grantee, this.taskRoleStatements());
  }
}
