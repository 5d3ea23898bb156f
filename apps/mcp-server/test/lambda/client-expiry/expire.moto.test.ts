import {
  CognitoIdentityProviderClient,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  ListUserPoolClientsCommand,
  UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import { describeWithEngines, MOTO_SERVER, MotoServer, startMoto } from '@aws-log-mcp/testing';
import { readTemplate, stageVariables } from '@aws-log-mcp/vtl-templates';
import { renderMappingTemplate } from '@aws-log-mcp/vtl-templates/emulator';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { CLIENT_EXPIRY_ENV } from '../../../src/lambda/client-expiry/env';
import { expireRegisteredClients, ExpirySdk, metricRecord } from '../../../src/lambda/client-expiry/expire';

const SDK: ExpirySdk = { ListUserPoolClientsCommand, DescribeUserPoolClientCommand, DeleteUserPoolClientCommand };
const DAY = 86_400_000;
const run = promisify(execFile);

/**
 * The expiry job against moto's Cognito and CloudWatch. Registered clients are created from the
 * request `dcr-request.vtl` renders (so the job recognises what the template really sends), the
 * others as the stack and an administrator would create them. moto 5.2.5 records neither an app
 * client's `CreationDate` nor its `RefreshTokenRotation` (it drops the setting); the Cognito client
 * below adds the time this test created each client, and the rotation setting the create request
 * sent, to DescribeUserPoolClient answers, as Cognito reports them (`UserPoolClientType`).
 */
describeWithEngines('the client-expiry job against moto', [MOTO_SERVER], () => {
  let moto: MotoServer;
  let cognito: CognitoIdentityProviderClient;
  const created = new Map<string, { date: Date; rotation?: CreateUserPoolClientCommandInput['RefreshTokenRotation'] }>();

  beforeAll(async () => {
    moto = await startMoto();
    const config = {
      region: 'eu-west-1',
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    };
    cognito = new CognitoIdentityProviderClient(config);
    cognito.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'DescribeUserPoolClientCommand') {
          const client = (result.output as { UserPoolClient?: UserPoolClientType }).UserPoolClient;
          const sent = client?.ClientId ? created.get(client.ClientId) : undefined;
          if (client && sent) {
            client.CreationDate ??= sent.date;
            client.RefreshTokenRotation ??= sent.rotation;
          }
        }
        return result;
      },
      { step: 'initialize', name: 'motoCreationDate' },
    );
  }, 60_000);

  afterAll(async () => {
    cognito?.destroy();
    await moto?.stop();
  });

  async function pool(): Promise<string> {
    const id = (await cognito.send(new CreateUserPoolCommand({ PoolName: `p${created.size}` }))).UserPool!.Id!;
    await cognito.send(
      new CreateResourceServerCommand({
        UserPoolId: id,
        Identifier: 'mcp',
        Name: 'mcp',
        Scopes: [{ ScopeName: 'tools', ScopeDescription: 't' }],
      }),
    );
    return id;
  }

  async function client(input: CreateUserPoolClientCommandInput): Promise<string> {
    const id = (await cognito.send(new CreateUserPoolClientCommand(input))).UserPoolClient!.ClientId!;
    created.set(id, { date: new Date(), rotation: input.RefreshTokenRotation });
    return id;
  }

  /** What POST /register creates: the request dcr-request.vtl renders for `body` (refresh token rotation on by default). */
  async function registered(userPoolId: string, body: Record<string, unknown>, rotation = true): Promise<string> {
    const variables = stageVariables({
      refreshTokenRotation: { enabled: rotation },
      publicBaseUrl: 'https://mcp.example.com',
      mcpPath: '/mcp',
      cognitoDomainUrl: 'https://acme.auth.eu-west-1.amazoncognito.com',
      userPoolId,
      scopes: ['mcp/tools'],
      resourceName: 'MCP',
    });
    const { output } = renderMappingTemplate(readTemplate('dcr-request'), {
      body: JSON.stringify(body),
      stageVariables: variables,
    });
    const input = JSON.parse(output) as CreateUserPoolClientCommandInput;
    // Under the default redirect policy: a refused URI would leave CallbackURLs [""], which moto does not refuse.
    expect(input.CallbackURLs).not.toContain('');
    return client(input);
  }

  const preRegisteredLike = (UserPoolId: string, ClientName: string): CreateUserPoolClientCommandInput => ({
    UserPoolId,
    ClientName,
    GenerateSecret: false,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'mcp/tools'],
    CallbackURLs: ['https://app.example.com/cb'],
    SupportedIdentityProviders: ['COGNITO'],
    ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
  });

  async function ids(userPoolId: string): Promise<string[]> {
    const r = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
    return (r.UserPoolClients ?? []).map((c) => c.ClientId!).sort();
  }

  test('deletes registered clients older than the TTL, and only those; publishes the client count', async () => {
    const userPoolId = await pool();
    const inspector = await registered(userPoolId, {
      client_name: 'MCP Inspector',
      redirect_uris: ['http://localhost:6274/oauth/callback'],
      token_endpoint_auth_method: 'none',
      scope: 'mcp/tools',
    });
    const confidential = await registered(userPoolId, {
      client_name: 'Reporting',
      redirect_uris: ['https://chatgpt.com/connector/oauth/reporting'],
    });
    const hostileName = await registered(userPoolId, {
      client_name: 'Claude (desktop) "}, "UserPoolId": "x',
      redirect_uris: ['https://claude.ai/cb'],
    });
    // Registered while the deployment had refresh token rotation off (ALLOW_REFRESH_TOKEN_AUTH, no rotation).
    const beforeRotation = await registered(
      userPoolId,
      { client_name: 'Goose', redirect_uris: ['http://127.0.0.1:8080/oauth_callback'], token_endpoint_auth_method: 'none' },
      false,
    );
    const preRegistered = await client(preRegisteredLike(userPoolId, 'pre-registered'));
    const cimd = await client(preRegisteredLike(userPoolId, 'cimd'));
    const kept = await client(preRegisteredLike(userPoolId, 'kept by config'));
    const byHand = await client({
      UserPoolId: userPoolId,
      ClientName: 'admin console app',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    // A rotating code-flow client made by hand that also signs in through the API: not what the template sends.
    const rotatingByHand = await client({
      ...preRegisteredLike(userPoolId, 'rotating app with SRP'),
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
    });
    const settings = {
      userPoolId,
      clientTtlDays: 90,
      protectedClientIds: new Set([preRegistered, cimd, kept]),
    };

    // Day 89: nothing has expired.
    const early = await expireRegisteredClients(cognito, SDK, { ...settings, now: new Date(Date.now() + 89 * DAY) });
    expect(early).toEqual({ appClientsBefore: 9, appClients: 9, registered: 4, deleted: [], protectedSkipped: 3 });

    // Day 91: the four registered clients go; pre-registered, CIMD, configured and hand-made stay.
    const now = new Date(Date.now() + 91 * DAY);
    const report = await expireRegisteredClients(cognito, SDK, { ...settings, now });
    expect([...report.deleted].sort()).toEqual([inspector, confidential, hostileName, beforeRotation].sort());
    expect(report).toMatchObject({ appClientsBefore: 9, appClients: 5, registered: 4, protectedSkipped: 3 });
    expect(await ids(userPoolId)).toEqual([preRegistered, cimd, kept, byHand, rotatingByHand].sort());

    // The counts as the embedded-metric-format record CloudWatch turns into the metrics.
    expect(metricRecord('McpServer/Registration', userPoolId, report, now)).toMatchObject({
      _aws: {
        Timestamp: now.getTime(),
        CloudWatchMetrics: [
          {
            Namespace: 'McpServer/Registration',
            Dimensions: [['UserPoolId']],
            Metrics: [
              { Name: 'AppClients', Unit: 'Count' },
              { Name: 'ExpiredClientsDeleted', Unit: 'Count' },
            ],
          },
        ],
      },
      UserPoolId: userPoolId,
      AppClients: 5,
      ExpiredClientsDeleted: 4,
    });

    // A second run finds nothing more to do.
    const again = await expireRegisteredClients(cognito, SDK, { ...settings, now });
    expect(again).toMatchObject({ appClientsBefore: 5, appClients: 5, deleted: [] });
  }, 60_000);

  test('pages through more than one page of clients (ListUserPoolClients returns at most 60)', async () => {
    const userPoolId = await pool();
    for (let i = 0; i < 65; i++) {
      await registered(userPoolId, {
        client_name: `c${i}`,
        redirect_uris: ['https://claude.ai/api/mcp/auth_callback'],
        token_endpoint_auth_method: 'none',
      });
    }
    const report = await expireRegisteredClients(cognito, SDK, {
      userPoolId,
      clientTtlDays: 1,
      protectedClientIds: new Set(),
      now: new Date(Date.now() + 2 * DAY),
    });
    expect(report).toMatchObject({ appClientsBefore: 65, appClients: 0, registered: 65 });
    expect(report.deleted).toHaveLength(65);
  }, 120_000);

  test('a bad TTL is refused before anything is listed', async () => {
    await expect(
      expireRegisteredClients(cognito, SDK, {
        userPoolId: 'eu-west-1_x',
        clientTtlDays: 0,
        protectedClientIds: new Set(),
      }),
    ).rejects.toThrow('clientTtlDays must be a whole number >= 1 (got 0)');
  });

  test('the zipped handler, run as Lambda runs it (runtime SDK via NODE_PATH), counts the pool and prints one EMF line', async () => {
    const userPoolId = await pool();
    const keep = await client(preRegisteredLike(userPoolId, 'pre-registered'));
    await registered(userPoolId, { client_name: 'fresh', redirect_uris: ['https://claude.ai/api/mcp/auth_callback'] });
    const dir = mkdtempSync(path.join(tmpdir(), 'client-expiry-bundle-'));
    const root = path.join(__dirname, '..', '..', '..');
    await run(process.execPath, ['build.mjs', '--out', dir], { cwd: root });
    const script = `require(${JSON.stringify(path.join(dir, 'client-expiry.js'))}).handler().then(r => process.stderr.write('REPORT ' + JSON.stringify(r) + '\\n'))`;
    const { stdout, stderr } = await run(process.execPath, ['-e', script], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_PATH: path.join(root, '..', '..', 'node_modules'),
        ...moto.env,
        AWS_REGION: 'eu-west-1',
        [CLIENT_EXPIRY_ENV.userPoolId]: userPoolId,
        [CLIENT_EXPIRY_ENV.clientTtlDays]: '90',
        [CLIENT_EXPIRY_ENV.protectedClientIds]: keep,
        [CLIENT_EXPIRY_ENV.metricNamespace]: 'McpServer/Registration',
      },
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      UserPoolId: userPoolId,
      AppClients: 2,
      ExpiredClientsDeleted: 0,
      protectedSkipped: 1,
    });
    expect(JSON.parse(/^REPORT (.*)$/m.exec(stderr)![1])).toMatchObject({ appClientsBefore: 2, appClients: 2, deleted: [] });
  }, 120_000);
});
