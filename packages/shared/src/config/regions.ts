/**
 * Every AWS Region code, with its partition, as the AWS SDK for JavaScript v3 lists them in its
 * partitions data (`partitionsInfo` of `@aws-sdk/core` 3.981.1, generated from AWS's endpoint
 * rules; the same list as the "Regions and Availability Zones" page of the AWS documentation,
 * plus the isolated partitions). The SDK's pseudo regions (`aws-global` and the like) are left
 * out: a provider cannot be configured with them.
 *
 * A Region launched later is refused until it is added here: add the line, and
 * `packages/shared/test/config/regions.test.ts` checks it against the SDK the repository
 * installs (update `@aws-sdk/client-athena` in `apps/mcp-server` first if the SDK does not know
 * it yet).
 */
export const AWS_REGIONS = {
  'af-south-1': 'aws',
  'ap-east-1': 'aws',
  'ap-east-2': 'aws',
  'ap-northeast-1': 'aws',
  'ap-northeast-2': 'aws',
  'ap-northeast-3': 'aws',
  'ap-south-1': 'aws',
  'ap-south-2': 'aws',
  'ap-southeast-1': 'aws',
  'ap-southeast-2': 'aws',
  'ap-southeast-3': 'aws',
  'ap-southeast-4': 'aws',
  'ap-southeast-5': 'aws',
  'ap-southeast-6': 'aws',
  'ap-southeast-7': 'aws',
  'ca-central-1': 'aws',
  'ca-west-1': 'aws',
  'eu-central-1': 'aws',
  'eu-central-2': 'aws',
  'eu-north-1': 'aws',
  'eu-south-1': 'aws',
  'eu-south-2': 'aws',
  'eu-west-1': 'aws',
  'eu-west-2': 'aws',
  'eu-west-3': 'aws',
  'il-central-1': 'aws',
  'me-central-1': 'aws',
  'me-south-1': 'aws',
  'me-west-1': 'aws',
  'mx-central-1': 'aws',
  'sa-east-1': 'aws',
  'sa-west-1': 'aws',
  'us-east-1': 'aws',
  'us-east-2': 'aws',
  'us-west-1': 'aws',
  'us-west-2': 'aws',
  'cn-north-1': 'aws-cn',
  'cn-northwest-1': 'aws-cn',
  'eusc-de-east-1': 'aws-eusc',
  'us-iso-east-1': 'aws-iso',
  'us-iso-west-1': 'aws-iso',
  'us-isob-east-1': 'aws-iso-b',
  'us-isob-west-1': 'aws-iso-b',
  'eu-isoe-west-1': 'aws-iso-e',
  'us-isof-east-1': 'aws-iso-f',
  'us-isof-south-1': 'aws-iso-f',
  'us-gov-east-1': 'aws-us-gov',
  'us-gov-west-1': 'aws-us-gov',
} as const satisfies Record<string, string>;

export type AwsRegion = keyof typeof AWS_REGIONS;

/** Whether `code` is a Region of {@link AWS_REGIONS} (an own key: `toString` is not a Region). */
export function isAwsRegion(code: string): code is AwsRegion {
  return Object.prototype.hasOwnProperty.call(AWS_REGIONS, code);
}
