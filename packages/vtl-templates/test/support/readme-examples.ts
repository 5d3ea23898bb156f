import { readTemplate, STAGE_VARIABLE_DESCRIPTIONS, STAGE_VARIABLE_NAMES } from '../../src';
import { gatewayErrorContext, renderGatewayResponse } from '../../src/emulator';
import { HOSTILE_DCR_CORPUS } from '../fixtures/hostile-dcr-corpus';
import { AUTHORIZE_REQUESTS } from '../fixtures/authorize-requests';
import { MCP_INTEGRATION_CASES } from '../fixtures/mcp-integration';
import { APPLICATION_TYPES, POLICIES, REDIRECT_URIS } from '../fixtures/redirect-cases';
import { DEPLOY, fixture, render, STAGE_VARIABLES } from './harness';

/** The generated part of README.md: real renders of every template, so the examples cannot drift. */
export function readmeExamples(): string {
  const out: string[] = [];
  const rejected = HOSTILE_DCR_CORPUS.filter((c) => c.expect === 'rejected').length;
  const refused = HOSTILE_DCR_CORPUS.filter((c) => c.expect === 'refused').length;
  out.push(
    `Hostile DCR corpus: ${HOSTILE_DCR_CORPUS.length} cases, ${rejected} rejected by the request validator, ${refused} ` +
      `refused with invalid_redirect_uri (no acceptable redirect URI) and ` +
      `${HOSTILE_DCR_CORPUS.length - rejected - refused} rendered to an exactly specified Cognito request. ` +
      `Redirect policy: ${REDIRECT_URIS.length} redirect URIs x ${Object.keys(POLICIES).length} policies x ` +
      `${APPLICATION_TYPES.length} application types = ${REDIRECT_URIS.length * Object.keys(POLICIES).length * APPLICATION_TYPES.length} ` +
      `decisions of dcr-request.vtl checked against the policy's statement. /authorize: ${AUTHORIZE_REQUESTS.length} requests.`,
    '',
  );
  const json = (value: unknown) => ['```json', JSON.stringify(value, null, 2), '```'];
  const rendered = (text: string) => ['```json', text.trim(), '```'];
  const pretty = (text: string) => json(JSON.parse(text));

  out.push('### Stage variables', '');
  out.push(`Produced by \`stageVariables(values)\`; the example column is \`stageVariables(${JSON.stringify(DEPLOY)})\`.`, '');
  out.push('| Name | Holds | Example |', '| --- | --- | --- |');
  for (const name of STAGE_VARIABLE_NAMES) {
    out.push(`| \`${name}\` | ${STAGE_VARIABLE_DESCRIPTIONS[name]} | \`${STAGE_VARIABLES[name]}\` |`);
  }
  out.push('');

  out.push('### mock-integration-request', '', 'Request template of both Mock integrations. Output:', '');
  out.push(...rendered(render('mock-integration-request').output), '');

  out.push('### authorization-server-metadata', '', 'Input: the stage variables above. Output:', '');
  out.push(...rendered(render('authorization-server-metadata').output), '');

  out.push('### protected-resource-metadata', '', 'Input: the stage variables above. Output:', '');
  out.push(...rendered(render('protected-resource-metadata').output), '');

  const inspector = fixture('mcp-inspector-registration.json');
  out.push('### dcr-request', '', 'Input (MCP Inspector, `fixtures/mcp-inspector-registration.json`):', '');
  out.push(
    ...json(inspector),
    '',
    'Output (CreateUserPoolClient request; `escapeJavaScript` writes `/` as `\\/`, which JSON reads back as `/`):',
    '',
  );
  out.push(...rendered(render('dcr-request', { body: JSON.stringify(inspector) }).output), '');
  const hostile = {
    client_name: 'Claude (desktop) "}, "UserPoolId": "x',
    redirect_uris: ['https://claude.ai/api/mcp/auth_callback'],
    scope: 'mcp/admin aws.cognito.signin.user.admin',
    UserPoolId: 'us-east-1_evil',
    AllowedOAuthFlows: ['client_credentials'],
  };
  out.push('A hostile input that passes the validator (unknown members are allowed by RFC 7591 and ignored):', '');
  out.push(...json(hostile), '', 'Output (parsed):', '');
  out.push(...pretty(render('dcr-request', { body: JSON.stringify(hostile) }).output), '');

  const publicClient = fixture('cognito-create-user-pool-client-public.json');
  out.push('### dcr-response', '', 'Input (`fixtures/cognito-create-user-pool-client-public.json`):', '');
  out.push(...json(publicClient), '', 'Output (HTTP 201):', '');
  out.push(...rendered(render('dcr-response', { body: JSON.stringify(publicClient) }).output), '');
  const confidential = fixture('cognito-create-user-pool-client-confidential.json');
  out.push('For `fixtures/cognito-create-user-pool-client-confidential.json` (parsed):', '');
  out.push(...pretty(render('dcr-response', { body: JSON.stringify(confidential) }).output), '');

  const attack = {
    client_name: 'Visual Studio Code',
    redirect_uris: ['https://attacker.example/cb', 'javascript:alert(1)'],
    scope: 'mcp/tools mcp/admin',
  };
  out.push('A registration with no acceptable redirect URI (the phishing registration of the safety review):', '');
  out.push(...json(attack), '', 'Output: `CallbackURLs` is `[""]`, which Cognito refuses by its input constraints:', '');
  out.push(
    ...json({
      CallbackURLs: (JSON.parse(render('dcr-request', { body: JSON.stringify(attack) }).output) as { CallbackURLs: string[] })
        .CallbackURLs,
    }),
    '',
  );
  out.push(
    '...and the client receives (`dcr-error`, HTTP 400):',
    '',
    ...rendered(
      render('dcr-error', {
        body: JSON.stringify({
          __type: 'InvalidParameterException',
          message: "1 validation error detected: Value '' at 'callbackURLs.1.member' failed to satisfy constraint",
        }),
      }).output,
    ),
    '',
  );

  const cognitoError = { __type: 'TooManyRequestsException', message: 'Rate exceeded' };
  const error = render('dcr-error', { body: JSON.stringify(cognitoError) });
  out.push('### dcr-error', '', 'Input (Cognito error body, HTTP 400):', '');
  out.push(
    ...json(cognitoError),
    '',
    `Output, with \`$context.responseOverride.status\` = ${String(error.responseOverride.status)}:`,
    '',
  );
  out.push(...rendered(error.output), '');

  const authorize = AUTHORIZE_REQUESTS.find((a) => a.id === 'leading-and-doubled-spaces')!;
  const redirect = render('authorize-redirect', { params: { querystring: authorize.query } });
  out.push('### authorize-redirect', '', 'Input (the query string of GET /authorize):', '');
  out.push(...json(authorize.query), '', 'Output: 302, `Location` (one line, wrapped here at `&`):', '');
  out.push('```', redirect.responseOverride.header.Location.replace(/&/g, '\n  &'), '```', '');

  const mcp = MCP_INTEGRATION_CASES.find((c) => c.id === 'initialize')!.request!;
  out.push('### mcp-request', '', 'Input: `POST /mcp` with headers', '');
  out.push(
    ...json(mcp.headers),
    '',
    'and the body `' + mcp.body.slice(0, 40) + "...`. Output (the handler's event, parsed):",
    '',
  );
  out.push(
    ...pretty(render('mcp-request', { body: mcp.body, params: { header: mcp.headers }, context: mcp.context }).output),
    '',
  );
  const challenge = MCP_INTEGRATION_CASES.find((c) => c.id === 'insufficient-scope-challenge')!.result!;
  const answered = render('mcp-response', { body: challenge });
  out.push('### mcp-response', '', "Input (the handler's result):", '');
  out.push(...pretty(challenge), '', `Output: status ${String(answered.responseOverride.status)}, headers`, '');
  out.push(...json(answered.responseOverride.header), '', 'and the body unchanged:', '', '```json', answered.output, '```', '');

  for (const [name, message] of [
    ['gateway-unauthorized', 'Unauthorized'],
    ['gateway-access-denied', 'Forbidden'],
    ['gateway-bad-request-body', 'Invalid request body'],
  ] as const) {
    out.push(`### ${name}`, '', `Input: \`$context.error.message\` = \`${message}\`. Output:`, '');
    out.push(...rendered(renderGatewayResponse(readTemplate(name), gatewayErrorContext(message))), '');
  }
  return out.join('\n');
}
