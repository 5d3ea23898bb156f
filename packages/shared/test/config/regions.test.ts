import { partition } from '@aws-sdk/core/client';
import { AWS_REGIONS, isAwsRegion } from '../../src';

describe('AWS_REGIONS', () => {
  it.each(Object.entries(AWS_REGIONS))('%s is a Region the AWS SDK lists, in partition %s', (region, partitionId) => {
    const info = partition(region) as { name: string; description?: string };
    // The SDK returns a description only for Regions it lists (a code that merely matches a
    // partition's pattern gets none).
    expect(info.description).toEqual(expect.any(String));
    expect(info.name).toBe(partitionId);
  });

  it('knows only own keys', () => {
    expect(isAwsRegion('constructor')).toBe(false);
    expect(isAwsRegion('eu-west-1')).toBe(true);
  });
});
