import { readTemplate, STAGE_VARIABLE_DESCRIPTIONS, STAGE_VARIABLE_NAMES } from '../../src';
import { gatewayErrorContext, renderGatewayResponse } from '../../src/emulator';
import { HOSTILE_DCR_CORPUS } from '../fixtures/hostile-dcr-corpus';
import { DEPLOY, fixture, render, STAGE_VARIABLES } from './harness';

/** The generated part of README.md: real renders of every template, so the examples cannot drift. */
export function readmeExamples(): string {
  const out: string[] = [];
  const rejected = HOSTILE_DCR_CORPUS.filter((c) => c.expect === 'rejected').length;
  out.push(
    `Hostile DCR corpus: ${HOSTILE_DCR_CORPUS.length} cases, ${rejected} rejected by the request validator and ` +
      `${HOSTILE_DCR_CORPUS.length - rejected} rendered to an exactly specified Cognito request.`,
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
