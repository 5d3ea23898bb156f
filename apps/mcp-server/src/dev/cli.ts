import { DEFAULT_MCP_SCOPE } from '@aws-log-mcp/vtl-templates/http-contract';
import { parseArgs } from 'node:util';
import { Logger, parseLogLevel } from '../lambda/log';
import { startDevServer } from './dev-server';
import { createMetadataRenderer } from './metadata';
import { logToolsFromEnv } from '../lambda/logs/from-env';
import { LocalLogEngine, startLocalLogEngine } from './local-log-engine';

/** Environment variables the dev server reads; flags win over them. */
export const DEV_ENV = { port: 'MCP_DEV_PORT', host: 'MCP_DEV_HOST', cognitoDomainUrl: 'MCP_DEV_COGNITO_DOMAIN_URL' } as const;

const USAGE = `usage: npm run dev -w apps/mcp-server -- [--port <n>] [--host 127.0.0.1|::1|localhost] [--scope ${DEFAULT_MCP_SCOPE}] [--cognito-domain-url <url>]
                                               [--log-engine athena|trino] [--log-records <file.jsonl>]
  --port                TCP port (env ${DEV_ENV.port}, default 8787; 0 picks a free port)
  --host                loopback address to bind (env ${DEV_ENV.host}, default 127.0.0.1)
  --scope               MCP scope of the synthetic caller (default ${DEFAULT_MCP_SCOPE})
  --cognito-domain-url  Cognito managed login URL shown in the authorization server metadata
                        (env ${DEV_ENV.cognitoDomainUrl}; default a placeholder under .invalid)
  --log-engine          where the log tools (MCP_LOG_TOOLS) query: athena (default; AWS or AWS_ENDPOINT_URL)
                        or trino (the local Iceberg testbed: no AWS account)
  --log-records         with --log-engine trino: JSON lines shaped as Firehose delivers them, loaded into the table
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      scope: { type: 'string' },
      'cognito-domain-url': { type: 'string' },
      'log-engine': { type: 'string' },
      'log-records': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const portText = values.port ?? process.env[DEV_ENV.port] ?? '8787';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`--port must be 0-65535, got ${JSON.stringify(portText)}`);
  const scope = values.scope ?? DEFAULT_MCP_SCOPE;
  // Same variable as the Lambda (MCP_LOG_TOOLS); with AWS_ENDPOINT_URL the tools query an emulator.
  let logTools = logToolsFromEnv(process.env);
  const engine = values['log-engine'] ?? 'athena';
  if (engine !== 'athena' && engine !== 'trino')
    throw new Error(`--log-engine must be athena or trino, got ${JSON.stringify(engine)}`);
  if (values['log-records'] && engine !== 'trino') throw new Error('--log-records needs --log-engine trino');
  let local: LocalLogEngine | undefined;
  if (engine === 'trino') {
    if (!logTools) throw new Error(`--log-engine trino needs MCP_LOG_TOOLS (the log tools' settings; see the README)`);
    local = await startLocalLogEngine(logTools.settings, values['log-records'], (line) =>
      process.stderr.write(`iceberg-testbed: ${line}\n`),
    );
    logTools = { ...logTools, runner: local.runner };
  }

  const dev = await startDevServer({
    port,
    host: values.host ?? process.env[DEV_ENV.host] ?? '127.0.0.1',
    scope,
    logger: new Logger(parseLogLevel(process.env.LOG_LEVEL), (line) => process.stderr.write(`${line}\n`)),
    logTools,
    renderMetadata: createMetadataRenderer({
      scopes: logTools ? [scope, logTools.settings.scope] : [scope],
      cognitoDomainUrl: values['cognito-domain-url'] ?? process.env[DEV_ENV.cognitoDomainUrl],
    }),
  });
  process.stdout.write(
    [
      `MCP dev server listening on ${dev.mcpUrl} (ready in ${Math.round(performance.now())} ms)`,
      `  protected resource metadata: ${dev.baseUrl}/.well-known/oauth-protected-resource`,
      `  authorization server metadata: ${dev.baseUrl}/.well-known/oauth-authorization-server`,
      `  DEV-LOCAL: no OAuth here; every request runs as the synthetic caller "dev-local-user" with scope ${scope}.`,
      `  Try: npx @modelcontextprotocol/inspector --cli ${dev.mcpUrl} --transport http --method tools/list`,
      ...(local ? [`  log tools: Trino at ${local.url} (local Iceberg testbed), not Athena`] : []),
      '',
    ].join('\n'),
  );
  const stop = () => {
    Promise.all([dev.close(), local?.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`mcp dev server: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(1);
});
