import { DEFAULT_MCP_SCOPE, ORIGIN_PATTERN, USER_POOL_ID_PATTERN } from '@aws-log-mcp/vtl-templates/http-contract';
import { parseArgs } from 'node:util';
import { Logger, parseLogLevel } from '../lambda/log';
import { LOOPBACK_HOSTS, startDevServer } from './dev-server';
import { devOAuth } from './metadata';
import { logToolsFromEnv } from '../lambda/logs/from-env';
import { LocalLogEngine, startLocalLogEngine } from './local-log-engine';

/** Environment variables the dev server reads; flags win over them. */
export const DEV_ENV = {
  port: 'MCP_DEV_PORT',
  host: 'MCP_DEV_HOST',
  cognitoDomainUrl: 'MCP_DEV_COGNITO_DOMAIN_URL',
  cognitoEndpoint: 'MCP_DEV_COGNITO_ENDPOINT',
  userPoolId: 'MCP_DEV_USER_POOL_ID',
} as const;

const USAGE = `usage: npm run dev -w apps/mcp-server -- [--port <n>] [--host 127.0.0.1|::1|localhost] [--scope ${DEFAULT_MCP_SCOPE}]
         [--cognito-domain-url <url>] [--cognito-endpoint <url> --user-pool-id <id>]
         [--log-engine athena|trino] [--log-records <file.jsonl>]
  --port                TCP port, 0-65535 (env ${DEV_ENV.port}, default 8787; 0 picks a free port)
  --host                loopback address to bind (env ${DEV_ENV.host}, default 127.0.0.1)
  --scope               MCP scope of the synthetic caller, <identifier>/<name> (default ${DEFAULT_MCP_SCOPE})
  --cognito-domain-url  Cognito managed login URL that /authorize redirects to and the metadata names
                        (env ${DEV_ENV.cognitoDomainUrl}; default a placeholder under .invalid)
  --cognito-endpoint    a Cognito API endpoint such as moto's server, for POST /register
                        (env ${DEV_ENV.cognitoEndpoint}; without it /register answers 501)
  --user-pool-id        the pool registered clients go to (env ${DEV_ENV.userPoolId}; needed with --cognito-endpoint)
  --log-engine          where the log tools (MCP_LOG_TOOLS) query: athena (default; AWS or AWS_ENDPOINT_URL)
                        or trino (the local Iceberg testbed: no AWS account)
  --log-records         with --log-engine trino: JSON lines shaped as Firehose delivers them, loaded into the table
`;

/** A bad flag value: the message names the flag and the rule; the process exits 2. */
class UsageError extends Error {}

function fail(flag: string, rule: string, value: unknown): never {
  throw new UsageError(`${flag}: ${rule} (got ${JSON.stringify(value)})`);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        scope: { type: 'string' },
        'cognito-domain-url': { type: 'string' },
        'cognito-endpoint': { type: 'string' },
        'user-pool-id': { type: 'string' },
        'log-engine': { type: 'string' },
        'log-records': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const portText = values.port ?? process.env[DEV_ENV.port] ?? '8787';
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535) fail('--port', 'must be a whole number from 0 to 65535', portText);
  const host = values.host ?? process.env[DEV_ENV.host] ?? '127.0.0.1';
  if (!(LOOPBACK_HOSTS as readonly string[]).includes(host)) {
    fail('--host', `must be a loopback address (${LOOPBACK_HOSTS.join(', ')}): the dev server fakes authentication`, host);
  }
  const scope = values.scope ?? DEFAULT_MCP_SCOPE;
  if (!/^[A-Za-z0-9][A-Za-z0-9._~-]{0,63}\/[A-Za-z0-9][A-Za-z0-9._~-]{0,63}$/.test(scope)) {
    fail('--scope', 'must be <resource server identifier>/<scope name> of letters, digits and . _ ~ -', scope);
  }
  const cognitoEndpoint = values['cognito-endpoint'] ?? process.env[DEV_ENV.cognitoEndpoint];
  if (cognitoEndpoint !== undefined && !/^https?:\/\/[^\s/?#]+\/?$/.test(cognitoEndpoint)) {
    fail('--cognito-endpoint', 'must be an http(s) origin such as http://127.0.0.1:5000', cognitoEndpoint);
  }
  const userPoolId = values['user-pool-id'] ?? process.env[DEV_ENV.userPoolId];
  if (cognitoEndpoint !== undefined && userPoolId === undefined) {
    fail('--user-pool-id', 'is needed with --cognito-endpoint: the pool registered clients go to', null);
  }
  if (userPoolId !== undefined && !USER_POOL_ID_PATTERN.test(userPoolId)) {
    fail('--user-pool-id', 'must be a Cognito user pool id like eu-west-1_AbC123', userPoolId);
  }
  const cognitoDomainUrl = values['cognito-domain-url'] ?? process.env[DEV_ENV.cognitoDomainUrl];
  if (cognitoDomainUrl !== undefined && !ORIGIN_PATTERN.test(cognitoDomainUrl)) {
    fail(
      '--cognito-domain-url',
      'must be the https origin of the Cognito domain, without path or trailing slash',
      cognitoDomainUrl,
    );
  }
  const engine = values['log-engine'] ?? 'athena';
  if (engine !== 'athena' && engine !== 'trino') fail('--log-engine', 'must be athena or trino', engine);
  if (values['log-records'] !== undefined && engine !== 'trino') {
    fail('--log-records', 'needs --log-engine trino', values['log-records']);
  }
  // Same variable as the Lambda (MCP_LOG_TOOLS); with AWS_ENDPOINT_URL the tools query an emulator.
  let logTools = logToolsFromEnv(process.env);
  if (engine === 'trino' && !logTools) {
    fail('--log-engine', "trino needs MCP_LOG_TOOLS (the log tools' settings; see the README)", engine);
  }
  let local: LocalLogEngine | undefined;
  if (engine === 'trino' && logTools) {
    local = await startLocalLogEngine(logTools.settings, values['log-records'], (line) =>
      process.stderr.write(`iceberg-testbed: ${line}\n`),
    );
    logTools = { ...logTools, runner: local.runner };
  }
  const oauth = devOAuth({
    scopes: logTools ? [scope, logTools.settings.scope] : [scope],
    cognitoDomainUrl,
    cognitoEndpoint,
    userPoolId,
  });

  const dev = await startDevServer({
    port,
    host,
    scope,
    logger: new Logger(parseLogLevel(process.env.LOG_LEVEL), (line) => process.stderr.write(`${line}\n`)),
    logTools,
    oauth,
  });
  process.stdout.write(
    [
      `MCP dev server listening on ${dev.mcpUrl} (ready in ${Math.round(performance.now())} ms)`,
      `  protected resource metadata: ${dev.baseUrl}/.well-known/oauth-protected-resource`,
      `  authorization server metadata: ${dev.baseUrl}/.well-known/oauth-authorization-server`,
      `  registration: ${cognitoEndpoint ? `${dev.baseUrl}/register -> ${cognitoEndpoint}` : 'off (501; see --cognito-endpoint)'}`,
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
  const usage = error instanceof UsageError;
  process.stderr.write(`mcp dev server: ${error instanceof Error ? error.message : String(error)}\n${usage ? USAGE : ''}`);
  process.exit(usage ? 2 : 1);
});
