import { startMoto as startMotoServer } from '@aws-log-mcp/testing';
import * as http from 'http';
import { AddressInfo } from 'net';
import { COGNITO_CONTENT_TYPE, CONTENT_TYPE_JSON, readTemplate, TemplateName } from '../../src';
import { cognitoHttpBackend, registrationPipeline, renderMappingTemplate } from '../../src/emulator';

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
  /** Every CreateUserPoolClient request the integration sent to Cognito (refused ones included). */
  cognitoRequests: string[];
  close(): Promise<void>;
}

/**
 * The REST API request pipeline for the OAuth routes, wired from this package's exports: Mock integrations for the
 * metadata and for GET /authorize (authorize-redirect.vtl, 302/400 through $context.responseOverride), and POST
 * /register through the package's registration pipeline (src/emulator/registration.ts) with moto's Cognito behind it.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  let stageVariables: Record<string, string> = {};
  const cognitoRequests: string[] = [];
  const register = registrationPipeline({
    stageVariables: () => stageVariables,
    backend: cognitoHttpBackend(options.cognitoEndpoint),
    onCognitoRequest: (request) => cognitoRequests.push(request),
  });
  const send = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': CONTENT_TYPE_JSON, ...headers });
    res.end(body);
  };
  const mock = (res: http.ServerResponse, template: TemplateName, query: Record<string, string> = {}) => {
    const rendered = renderMappingTemplate(readTemplate(template), {
      body: '{"statusCode": 200}',
      stageVariables,
      params: { querystring: query },
    });
    send(res, Number(rendered.responseOverride.status ?? (template === 'authorize-redirect' ? 302 : 200)), rendered.output, {
      ...rendered.responseOverride.header,
    });
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://gateway');
        const path = url.pathname;
        if (req.method === 'GET' && path === '/.well-known/oauth-authorization-server')
          return mock(res, 'authorization-server-metadata');
        if (req.method === 'GET' && path === '/.well-known/oauth-protected-resource/mcp')
          return mock(res, 'protected-resource-metadata');
        if (req.method === 'GET' && path === '/authorize')
          return mock(res, 'authorize-redirect', Object.fromEntries(url.searchParams));
        if (req.method !== 'POST' || path !== '/register') return send(res, 404, '{"message":"Missing Authentication Token"}');
        const answer = await register(req.headers['content-type'], body);
        return send(res, answer.status, answer.body, answer.headers);
      })().catch((error: unknown) => send(res, 500, JSON.stringify({ message: String(error) })));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stageVariables = options.stageVariables(baseUrl);
  return { baseUrl, cognitoRequests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
