import { startMoto as startMotoServer } from '@aws-log-mcp/testing';
import * as http from 'http';
import { AddressInfo } from 'net';
import Ajv from 'ajv-draft-04';
import {
  COGNITO_CONTENT_TYPE,
  COGNITO_CREATE_USER_POOL_CLIENT_TARGET,
  CONTENT_TYPE_JSON,
  DCR_INTEGRATION_RESPONSES,
  DCR_RESPONSE_HEADERS,
  dcrRequestModelSchema,
  readTemplate,
  TemplateName,
} from '../../src';
import { gatewayErrorContext, renderGatewayResponse, renderMappingTemplate } from '../../src/emulator';

export interface Moto {
  endpoint: string;
  call<T>(action: string, body: Record<string, unknown>): Promise<{ status: number; json: T }>;
  stop(): void;
}

/** moto's Cognito as a real HTTP server on 127.0.0.1 (awsJson 1.1; moto does not check signatures). */
export async function startMoto(): Promise<Moto> {
  const server = await startMotoServer();
  const call = async <T>(action: string, body: Record<string, unknown>) => {
    const response = await fetch(server.endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': COGNITO_CONTENT_TYPE,
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${action}`,
        Authorization:
          'AWS4-HMAC-SHA256 Credential=testing/20260101/eu-west-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as T };
  };
  return { endpoint: server.endpoint, call, stop: () => void server.stop() };
}

export interface GatewayOptions {
  /** Stage variables, given the gateway's own base URL (known only once it listens). */
  stageVariables: (baseUrl: string) => Record<string, string>;
  /** Where the Cognito integration sends CreateUserPoolClient (moto). */
  cognitoEndpoint: string;
}

export interface Gateway {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The REST API request pipeline for the OAuth routes, as API Gateway documents it, wired from this package's exports:
 * Mock integrations for the metadata, and for POST /register: passthrough NEVER (415 for other content types), the
 * draft-04 request validator (400 BAD_REQUEST_BODY gateway response), dcr-request.vtl, the Cognito call with the
 * package's target and content type, integration-response selection on the status code, the response template, and
 * $context.responseOverride.status.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const validate = new Ajv({ strict: false }).compile(dcrRequestModelSchema);
  let stageVariables: Record<string, string> = {};
  const send = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': CONTENT_TYPE_JSON, ...headers });
    res.end(body);
  };
  // Static header values are single-quoted in API Gateway; the client sees them unquoted.
  const dcrHeaders = Object.fromEntries(Object.entries(DCR_RESPONSE_HEADERS).map(([k, v]) => [k, v.slice(1, -1)]));
  const mock = (res: http.ServerResponse, template: TemplateName) =>
    send(res, 200, renderMappingTemplate(readTemplate(template), { body: '{"statusCode": 200}', stageVariables }).output);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = new URL(req.url ?? '/', 'http://gateway').pathname;
        if (req.method === 'GET' && path === '/.well-known/oauth-authorization-server')
          return mock(res, 'authorization-server-metadata');
        if (req.method === 'GET' && path === '/.well-known/oauth-protected-resource/mcp')
          return mock(res, 'protected-resource-metadata');
        if (req.method !== 'POST' || path !== '/register') return send(res, 404, '{"message":"Missing Authentication Token"}');
        if ((req.headers['content-type'] ?? '').split(';')[0].trim() !== CONTENT_TYPE_JSON) {
          return send(res, 415, '{"message":"Unsupported Media Type"}');
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          parsed = undefined;
        }
        if (parsed === undefined || !validate(parsed)) {
          return send(
            res,
            400,
            renderGatewayResponse(readTemplate('gateway-bad-request-body'), gatewayErrorContext('Invalid request body')),
          );
        }
        const integrationRequest = renderMappingTemplate(readTemplate('dcr-request'), { body, stageVariables }).output;
        const cognito = await fetch(options.cognitoEndpoint, {
          method: 'POST',
          headers: {
            'Content-Type': COGNITO_CONTENT_TYPE,
            'X-Amz-Target': COGNITO_CREATE_USER_POOL_CLIENT_TARGET,
            Authorization:
              'AWS4-HMAC-SHA256 Credential=testing/20260101/eu-west-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0',
          },
          body: integrationRequest,
        });
        const status = String(cognito.status);
        const spec =
          DCR_INTEGRATION_RESPONSES.find(
            (r) => r.selectionPattern !== undefined && new RegExp(`^(?:${r.selectionPattern})$`).test(status),
          ) ?? DCR_INTEGRATION_RESPONSES.find((r) => r.selectionPattern === undefined)!;
        const rendered = renderMappingTemplate(readTemplate(spec.template), { body: await cognito.text(), stageVariables });
        return send(res, Number(rendered.responseOverride.status ?? spec.statusCode), rendered.output, dcrHeaders);
      })().catch((error: unknown) => send(res, 500, JSON.stringify({ message: String(error) })));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stageVariables = options.stageVariables(baseUrl);
  return { baseUrl, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
