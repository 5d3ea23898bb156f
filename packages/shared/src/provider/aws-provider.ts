import { AwsProvider, AwsProviderEndpoints } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema';
import { defaultTags } from '../tagging';

/**
 * Every AWS service either app calls through Terraform. In emulator mode each one is pointed
 * at the emulator; a service missing here would silently reach real AWS, so adding a
 * resource of a new service means adding the service here (a test checks the list).
 */
export const EMULATED_SERVICES = [
  'apigateway',
  'apigatewayv2',
  'athena',
  'cloudwatch',
  'cloudwatchlogs',
  'cognitoidp',
  'ecs',
  'firehose',
  'glue',
  'iam',
  'kms',
  'lakeformation',
  'lambda',
  's3',
  's3Tables',
  'scheduler',
  'sns',
  'sts',
  'wafv2',
] as const satisfies readonly (keyof AwsProviderEndpoints)[];

export interface PlatformAwsProviderProps {
  readonly config: EnvironmentConfig;
  /** Application name, written into the `Application` default tag. */
  readonly app: string;
}

/**
 * The AWS provider every stack uses: region and `default_tags` from config, and in
 * emulator mode (`AWS_ENDPOINT_URL`) all endpoints pointed at the emulator with the
 * credential and metadata checks an emulator cannot answer switched off.
 */
export class PlatformAwsProvider extends AwsProvider {
  constructor(scope: Construct, id: string, props: PlatformAwsProviderProps) {
    const { config } = props;
    const endpoint = config.emulatorEndpoint;
    super(scope, id, {
      region: config.region,
      defaultTags: [{ tags: defaultTags(config, props.app) }],
      ...(endpoint
        ? {
            endpoints: [Object.fromEntries(EMULATED_SERVICES.map((s) => [s, endpoint]))],
            s3UsePathStyle: true,
            skipCredentialsValidation: true,
            skipRequestingAccountId: true,
            skipMetadataApiCheck: 'true',
          }
        : {}),
    });
  }
}
