import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Fn } from 'cdktf';
import { containsToken, setAddress, tokensIn } from '../../src';
import { testStack } from '../helpers';

describe('cdktf token shapes', () => {
  it('recognises the tokens cdktf puts in strings, by shape', () => {
    const stack = testStack();
    const bucket = setAddress(new S3Bucket(stack, 'b', { bucket: 'b' }), 'b');
    const text = `https://${bucket.id}/x/${Fn.upper(bucket.bucket)}`;
    expect(containsToken(text)).toBe(true);
    expect(tokensIn(text)).toHaveLength(2);
    expect(containsToken('https://example.com/${literal}')).toBe(false);
  });
});
