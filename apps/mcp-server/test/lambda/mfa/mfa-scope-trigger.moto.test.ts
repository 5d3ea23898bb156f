import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describeWithEngines, MOTO_SERVER, MotoServer, startMoto } from '@aws-log-mcp/testing';
import { GUARDED_SCOPES_ENV, PreTokenGenerationV2Event } from '../../../src/lambda/mfa-scope-trigger';
import { preTokenEvent } from './events';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..', '..');
const LOGS = 'mcp/logs.read';
const PASSWORD = 'Correct-Horse-9-Battery';

/**
 * The shipped trigger bundle, run as Lambda runs it (the SDK only through NODE_PATH, the scopes
 * from its environment), looking users up in moto's Cognito: a user with TOTP set up keeps the
 * log scope, one without loses it, an unknown user loses it (lookup fails closed). moto cannot
 * run the trigger inside its own token flow, so the trigger gets the V2_0 event Cognito documents.
 */
describeWithEngines('the log scope MFA trigger bundle against Cognito on moto', [MOTO_SERVER], () => {
  let moto: MotoServer;
  let dir: string;
  let poolId: string;
  let calls = 0;

  beforeAll(async () => {
    moto = await startMoto();
    dir = mkdtempSync(path.join(tmpdir(), 'mfa-trigger-bundle-'));
    await run(process.execPath, ['build.mjs', '--out', dir], { cwd: root });
    const cognito = new CognitoIdentityProviderClient({
      region: 'eu-west-1',
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    const pool = await cognito.send(
      new CreateUserPoolCommand({
        PoolName: 'acme-dev-mcp-server-users',
        MfaConfiguration: 'OPTIONAL',
        UsernameAttributes: ['email'],
      }),
    );
    poolId = pool.UserPool!.Id!;
    const client = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'admin',
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'],
      }),
    );
    for (const user of ['with-mfa@example.com', 'without-mfa@example.com']) {
      await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: user, MessageAction: 'SUPPRESS' }));
      await cognito.send(
        new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: user, Password: PASSWORD, Permanent: true }),
      );
    }
    // TOTP for one user, as the managed login page sets it up: associate, verify, prefer.
    const auth = await cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: client.UserPoolClient!.ClientId!,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'with-mfa@example.com', PASSWORD },
      }),
    );
    const accessToken = auth.AuthenticationResult!.AccessToken!;
    await cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    await cognito.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: '123456' }));
    await cognito.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: 'with-mfa@example.com',
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    cognito.destroy();
  }, 90_000);

  afterAll(async () => {
    await moto?.stop();
  });

  async function invoke(event: PreTokenGenerationV2Event): Promise<{ event: PreTokenGenerationV2Event; log: string }> {
    // The result goes to a file: stderr carries Node's own warnings, stdout the trigger's log line.
    const out = path.join(dir, `result-${++calls}.json`);
    const script =
      `require(${JSON.stringify(path.join(dir, 'mfa-scope-trigger', 'mfa-scope-trigger.js'))})` +
      `.handler(JSON.parse(process.argv[1])).then(r=>require('node:fs').writeFileSync(process.argv[2], JSON.stringify(r)))`;
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_PATH: path.join(root, '..', '..', 'node_modules'),
      [GUARDED_SCOPES_ENV]: JSON.stringify([LOGS]),
      ...moto.env,
      AWS_REGION: 'eu-west-1',
    };
    const { stdout } = await run(process.execPath, ['-e', script, JSON.stringify(event), out], { env, cwd: dir });
    return { event: JSON.parse(readFileSync(out, 'utf8')) as PreTokenGenerationV2Event, log: stdout };
  }

  it('does not carry the AWS SDK itself', () => {
    const bundle = readFileSync(path.join(dir, 'mfa-scope-trigger', 'mfa-scope-trigger.js'), 'utf8');
    expect(bundle).toContain('require("@aws-sdk/client-cognito-identity-provider")');
    expect(bundle).not.toMatch(/CognitoIdentityProviderServiceException|smithy/i);
  });

  it('keeps the log scope for a user with TOTP set up', async () => {
    const { event, log } = await invoke(
      preTokenEvent(['openid', 'mcp/tools', LOGS], { userPoolId: poolId, userName: 'with-mfa@example.com' }),
    );
    expect(event.response).toEqual({ claimsAndScopeOverrideDetails: null });
    expect(JSON.parse(log)).toMatchObject({ suppressed: [], reason: 'MFA set up (SOFTWARE_TOKEN_MFA)' });
  });

  it('suppresses the log scope for a user without MFA, and only that scope', async () => {
    const { event, log } = await invoke(
      preTokenEvent(['openid', 'mcp/tools', LOGS], {
        userPoolId: poolId,
        userName: 'without-mfa@example.com',
        triggerSource: 'TokenGeneration_RefreshTokens',
      }),
    );
    expect(event.response.claimsAndScopeOverrideDetails).toEqual({ accessTokenGeneration: { scopesToSuppress: [LOGS] } });
    expect(JSON.parse(log)).toMatchObject({
      triggerSource: 'TokenGeneration_RefreshTokens',
      suppressed: [LOGS],
      reason: 'no MFA method set up',
    });
  });

  it('suppresses the log scope when the user cannot be found (fails closed), naming Cognito’s error', async () => {
    const { event, log } = await invoke(preTokenEvent([LOGS], { userPoolId: poolId, userName: 'nobody@example.com' }));
    expect(event.response.claimsAndScopeOverrideDetails).toEqual({ accessTokenGeneration: { scopesToSuppress: [LOGS] } });
    expect(JSON.parse(log).reason).toMatch(/^user lookup failed: UserNotFoundException/);
  });

  it('does not call Cognito for tokens without the log scope', async () => {
    const { event, log } = await invoke(preTokenEvent(['mcp/tools'], { userPoolId: 'eu-west-1_doesnotexist', userName: 'x' }));
    expect(event.response).toEqual({ claimsAndScopeOverrideDetails: null });
    expect(log).toBe('');
  });
});
