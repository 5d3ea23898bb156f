import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import { dcrRequestModelSchema, OAuthDeployValues, readTemplate, stageVariables, TemplateName } from '../../src';
import { MappingTemplateRequest, renderMappingTemplate } from '../../src/emulator';

export const DEPLOY: OAuthDeployValues = {
  publicBaseUrl: 'https://mcp.example.com',
  mcpPath: '/mcp',
  cognitoDomainUrl: 'https://logs-mcp.auth.eu-west-1.amazoncognito.com',
  userPoolId: 'eu-west-1_AbC123',
  scopes: ['mcp/tools', 'mcp/admin'],
  defaultScopes: ['mcp/tools'],
  resourceName: 'Log analytics MCP server',
};

export const STAGE_VARIABLES = stageVariables(DEPLOY);

export const FIXTURES_DIR = path.join(__dirname, '..', '..', 'fixtures');

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, name), 'utf8')) as T;
}

/**
 * The registration bodies of `fixtures/mcp-clients.json` (what well-known MCP clients send), with the self-hosted
 * placeholder host filled in; under the default redirect policy that client is refused.
 */
export function mcpClientRegistrations(): Array<{ label: string; body: string }> {
  const text = fs.readFileSync(path.join(FIXTURES_DIR, 'mcp-clients.json'), 'utf8').replaceAll('{webui}', 'webui.example.org');
  const { clients } = JSON.parse(text) as { clients: Array<{ id: string; registration: unknown }> };
  return clients.map((c) => ({ label: `client ${c.id}`, body: JSON.stringify(c.registration) }));
}

export function render(name: TemplateName, request: MappingTemplateRequest = {}) {
  return renderMappingTemplate(readTemplate(name), { stageVariables: STAGE_VARIABLES, ...request });
}

/** Renders a template that must produce JSON and parses it (failing the test with the output if it is not JSON). */
export function renderJson(name: TemplateName, request: MappingTemplateRequest = {}): Record<string, unknown> {
  const { output } = render(name, request);
  try {
    return JSON.parse(output) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${name} rendered invalid JSON (${(error as Error).message}):\n${output}`);
  }
}

/** API Gateway's request validator in draft-04 mode (ajv-draft-04), as applied to the DCR method's body. */
const ajv = new Ajv({ allErrors: true, strict: false });
const validateModel = ajv.compile(dcrRequestModelSchema);

export interface ValidatorVerdict {
  valid: boolean;
  errors: string[];
}

/**
 * The request validator's verdict on a raw body: a body that is not JSON fails ("Invalid request body"), otherwise the
 * parsed value is checked against the draft-04 model.
 */
export function validateBody(raw: string): ValidatorVerdict {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { valid: false, errors: ['body is not JSON'] };
  }
  const valid = validateModel(parsed) as boolean;
  return {
    valid,
    errors: (validateModel.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`),
  };
}

/** The CreateUserPoolClient request every registration shares; the four request-derived keys are overridden per case. */
export const BASE_COGNITO_REQUEST = {
  UserPoolId: 'eu-west-1_AbC123',
  ClientName: 'MCP client',
  GenerateSecret: false,
  CallbackURLs: [] as string[],
  AllowedOAuthFlows: ['code'],
  AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthScopes: ['mcp/tools'],
  SupportedIdentityProviders: ['COGNITO'],
  ExplicitAuthFlows: [] as string[],
  PreventUserExistenceErrors: 'ENABLED',
  EnableTokenRevocation: true,
  EnablePropagateAdditionalUserContextData: false,
  AccessTokenValidity: 60,
  IdTokenValidity: 60,
  RefreshTokenValidity: 30,
  TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
  RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 60 },
};

/** The request every refused registration renders: no usable redirect URI, which Cognito's input validation refuses. */
export const REFUSED_CALLBACK_URLS = [''];

export type CognitoRequest = typeof BASE_COGNITO_REQUEST;

export function renderDcrRequest(body: string): CognitoRequest {
  return renderJson('dcr-request', {
    body,
    params: { header: { 'Content-Type': 'application/json' } },
  }) as unknown as CognitoRequest;
}
