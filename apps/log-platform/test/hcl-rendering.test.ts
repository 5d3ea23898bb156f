import { expectHclToMatchJson } from '@aws-log-mcp/shared/testing';
import { describeWithEngines, TERRAFORM } from '@aws-log-mcp/testing';
import { Testing } from 'cdktf';
import { LogPlatformStack } from '../src/stack';
import { envConfig } from './support/synth';

/**
 * cdktf 0.21's HCL renderer breaks on multi-line strings inside blocks and on quotes in outputs,
 * and `npm run verify` plans the HCL rendering too: every variant must parse and hold the same
 * values as the JSON (the `moved` blocks included).
 */
describeWithEngines('HCL rendering of the log platform stack', [TERRAFORM], () => {
  test.each([
    ['defaults', {}, {}],
    ['emulator mode', {}, { emulatorEndpoint: 'http://127.0.0.1:5000' }],
    ['native grant, existing integration', { lakeFormationGrant: 'native', analyticsIntegration: 'existing' }, {}],
    [
      'demo service and extra columns',
      {
        demo: { cluster: 'acme-dev', subnets: ['subnet-0123456789abcdef0'] },
        extraColumns: [{ name: 'http_status', type: 'int', sourceKey: 'status' }],
      },
      {},
    ],
  ])('%s: parses, and every string equals the JSON rendering', async (_label, app, extra) => {
    const leaves = await expectHclToMatchJson(() => new LogPlatformStack(Testing.app(), { config: envConfig(app, extra) }));
    expect(leaves).toBeGreaterThan(200);
  });
});
