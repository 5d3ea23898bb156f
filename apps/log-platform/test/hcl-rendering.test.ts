import { spawnSync } from 'node:child_process';
import { Testing } from 'cdktf';
import { LogPlatformStack } from '../src/stack';
import { envConfig } from './support/synth';

/**
 * cdktf 0.21's HCL renderer breaks on multi-line strings inside blocks and on quotes in
 * outputs; `npm run verify` plans the HCL rendering too, so every variant must parse.
 * `terraform fmt` parses HCL without providers or network.
 */
const terraform = ['tofu', 'terraform'].find((bin) => spawnSync(bin, ['version'], { encoding: 'utf8' }).status === 0);
const run = terraform ? test.each : test.skip.each;
if (!terraform) process.stderr.write('hcl-rendering.test: neither tofu nor terraform on PATH, skipped\n');

run([
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
])('the HCL rendering parses: %s', (_label, app, extra) => {
  process.env.SYNTH_HCL_OUTPUT = 'true';
  try {
    const stack = new LogPlatformStack(Testing.app(), { config: envConfig(app, extra) });
    const hcl = String(Testing.synthHcl(stack));
    const r = spawnSync(terraform as string, ['fmt', '-'], {
      input: hcl,
      encoding: 'utf8',
      env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
    });
    expect(r.stderr.replace(/.*CLI configuration[\s\S]*?╵\n/, '')).not.toContain('Error');
    expect(r.status).toBe(0);
  } finally {
    delete process.env.SYNTH_HCL_OUTPUT;
  }
});
