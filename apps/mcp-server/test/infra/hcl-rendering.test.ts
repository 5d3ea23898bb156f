import { expectHclToMatchJson } from '@aws-log-mcp/shared/testing';
import { describeWithEngines, TERRAFORM } from '@aws-log-mcp/testing';
import { Testing } from 'cdktf';
import { McpServerStack } from '../../src/stack';
import { environment, EXPLICIT_LOCATION } from './helpers';

// `npm run verify` also plans the HCL rendering of each stack (SYNTH_HCL_OUTPUT=true), and cdktf
// 0.21's HCL renderer mishandles quotes next to tokens and backslashes (see shared's
// cdktf-compat). Here both renderings of the whole stack are compared value by value.
describeWithEngines('HCL rendering of the MCP server stack', [TERRAFORM], () => {
  it.each([
    ['defaults', {}, {}],
    [
      'all options',
      {
        manageApiGatewayAccountLogging: true,
        preRegisteredClient: { name: 'vscode', callbackUrls: ['https://vscode.dev/redirect'] },
      },
      {},
    ],
    [
      'log tools (local-exec grant, emulator mode)',
      { logTools: { enabled: true } },
      { emulatorEndpoint: 'http://127.0.0.1:5000' },
    ],
    [
      'log tools from an explicit location (native grant)',
      {
        logTools: {
          enabled: true,
          source: 'explicit',
          explicit: EXPLICIT_LOCATION,
        },
      },
      {},
    ],
    [
      // Their default descriptions quote the log key, so the tools' JSON holds escaped quotes.
      'log tools with extra columns and quoted descriptions',
      {
        logTools: {
          enabled: true,
          source: 'explicit',
          explicit: {
            ...EXPLICIT_LOCATION,
            extraColumns: [
              { name: 'http_status', type: 'int' },
              { name: 'tenant', type: 'string', description: 'the "tenant" id: $5, 100%, {x}' },
            ],
          },
        },
      },
      {},
    ],
  ])('%s: parses, and every string equals the JSON rendering', async (_label, app, overrides) => {
    const leaves = await expectHclToMatchJson(() => new McpServerStack(Testing.app(), { config: environment(app, overrides) }));
    expect(leaves).toBeGreaterThan(300);
  });
});
