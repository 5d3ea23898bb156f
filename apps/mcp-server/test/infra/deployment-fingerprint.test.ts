import { Testing, TerraformStack } from 'cdktf';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { DeploymentFingerprint } from '../../src/infra/deployment-fingerprint';

function tokens(count: number): string[] {
  const stack = new TerraformStack(Testing.app(), 's');
  return Array.from({ length: count }, (_, i) => new ApiGatewayRestApi(stack, `api${i}`, { name: `a${i}` }).id);
}

describe('DeploymentFingerprint', () => {
  it('hashes literal config independent of declaration order', () => {
    const a = new DeploymentFingerprint();
    a.add('x', { t: 'one' });
    a.add('y', { t: 'two' });
    const b = new DeploymentFingerprint();
    b.add('y', { t: 'two' });
    b.add('x', { t: 'one' });
    expect(a.literalHash()).toBe(b.literalHash());
  });

  it('changes when a single template character changes', () => {
    const a = new DeploymentFingerprint();
    a.add('t', { template: '{"a": "$input.body"}' });
    const b = new DeploymentFingerprint();
    b.add('t', { template: '{"a": "$input.body" }' });
    expect(a.literalHash()).not.toBe(b.literalHash());
  });

  it('ignores token numbering but hands the tokens to Terraform', () => {
    const [t1, t2] = tokens(2);
    const a = new DeploymentFingerprint();
    a.add('i', { uri: `${t1}/x` });
    const b = new DeploymentFingerprint();
    b.add('i', { uri: `${t2}/x` });
    expect(a.literalHash()).toBe(b.literalHash());
    const stack = new TerraformStack(Testing.app(), 'z');
    const api = new ApiGatewayRestApi(stack, 'api', { name: 'n' });
    const f = new DeploymentFingerprint();
    f.add('i', { uri: `arn:${api.id}:x`, list: [api.arn, 'literal'] });
    new ApiGatewayRestApi(stack, 'holder', { name: 'h', description: f.triggers().tokens });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.resource.aws_api_gateway_rest_api.holder.description).toBe(
      // keys in sorted order: `list` before `uri`
      '${sha1(jsonencode([aws_api_gateway_rest_api.api.arn, aws_api_gateway_rest_api.api.id]))}',
    );
  });
});
