import Ajv from 'ajv-draft-04';
import {
  COGNITO_CONTENT_TYPE,
  COGNITO_CREATE_USER_POOL_CLIENT_TARGET,
  CONTENT_TYPE_JSON,
  DCR_INTEGRATION_RESPONSES,
} from '../cognito';
import { CORS_RESPONSE_HEADERS, REGISTRATION_RESPONSE_HEADERS } from '../http-contract';
import { dcrRequestModelSchema } from '../schema';
import { readTemplate } from '../templates';
import { renderMappingTemplate } from './api-gateway';
import { createUserPoolClientValidationError } from './cognito-input';
import { gatewayErrorContext, renderGatewayResponse } from './gateway-response';

/** Where CreateUserPoolClient goes: an HTTP endpoint speaking Cognito's awsJson 1.1 (moto's server, here). */
export interface CognitoBackend {
  createUserPoolClient(requestJson: string): Promise<{ status: number; body: string }>;
}

/** A Cognito endpoint reached over HTTP with the integration's target and content type (moto checks no signature). */
export function cognitoHttpBackend(endpoint: string): CognitoBackend {
  return {
    async createUserPoolClient(requestJson) {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': COGNITO_CONTENT_TYPE,
          'X-Amz-Target': COGNITO_CREATE_USER_POOL_CLIENT_TARGET,
          Authorization:
            'AWS4-HMAC-SHA256 Credential=testing/20260101/eu-west-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: requestJson,
      });
      return { status: response.status, body: await response.text() };
    },
  };
}

export interface RegistrationResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * POST /register as the REST API runs it, from this package's parts: passthrough NEVER (415 for another content
 * type), the draft-04 request validator (400 through the BAD_REQUEST_BODY gateway response), dcr-request.vtl,
 * Cognito's documented input constraints (which moto does not enforce), the CreateUserPoolClient call, the
 * integration response selected by the backend's status code, the response template and
 * `$context.responseOverride.status`. Used by the local dev server and by the tests.
 */
export function registrationPipeline(options: {
  stageVariables: () => Record<string, string>;
  backend: CognitoBackend;
  /** Sees every CreateUserPoolClient request the integration sends to Cognito (before its input validation). */
  onCognitoRequest?: (requestJson: string) => void;
}): (contentType: string | undefined, body: string) => Promise<RegistrationResponse> {
  const validate = new Ajv({ strict: false }).compile(dcrRequestModelSchema);
  const json = { 'Content-Type': CONTENT_TYPE_JSON };
  const gateway = { ...json, ...CORS_RESPONSE_HEADERS };
  const registration = { ...json, ...REGISTRATION_RESPONSE_HEADERS };
  return async (contentType, body) => {
    if ((contentType ?? '').split(';')[0].trim().toLowerCase() !== CONTENT_TYPE_JSON) {
      return { status: 415, headers: gateway, body: '{"message":"Unsupported Media Type"}' };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || !validate(parsed)) {
      const text = renderGatewayResponse(readTemplate('gateway-bad-request-body'), gatewayErrorContext('Invalid request body'));
      return { status: 400, headers: gateway, body: text };
    }
    const stageVariables = options.stageVariables();
    const request = renderMappingTemplate(readTemplate('dcr-request'), { body, stageVariables }).output;
    options.onCognitoRequest?.(request);
    const refused = createUserPoolClientValidationError(JSON.parse(request) as Record<string, unknown>);
    const cognito = refused
      ? { status: 400, body: JSON.stringify(refused) }
      : await options.backend.createUserPoolClient(request);
    const status = String(cognito.status);
    const spec =
      DCR_INTEGRATION_RESPONSES.find(
        (r) => r.selectionPattern !== undefined && new RegExp(`^(?:${r.selectionPattern})$`).test(status),
      ) ?? DCR_INTEGRATION_RESPONSES.find((r) => r.selectionPattern === undefined)!;
    const rendered = renderMappingTemplate(readTemplate(spec.template), { body: cognito.body, stageVariables });
    return { status: Number(rendered.responseOverride.status ?? spec.statusCode), headers: registration, body: rendered.output };
  };
}
