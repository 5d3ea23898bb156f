import type { APIGatewayProxyEvent } from 'aws-lambda';

/** What varies between the REST API proxy events (payload format 1.0) tests and the dev server build. */
export interface ProxyEventOptions {
  /** @default 'POST' */
  readonly method?: string;
  /** @default '/mcp' */
  readonly path?: string;
  /** Request headers; repeated headers go in {@link multiValueHeaders}. @default { 'content-type': 'application/json' } */
  readonly headers?: Readonly<Record<string, string>>;
  /** Every value of each header, as API Gateway sends them. @default one value per entry of `headers` */
  readonly multiValueHeaders?: Readonly<Record<string, readonly string[]>>;
  /** The body: a string or bytes as they are, anything else as JSON. Empty bytes mean no body. @default no body */
  readonly body?: unknown;
  /** Send the body base64-encoded (`isBase64Encoded`), as API Gateway does for binary media types. @default false */
  readonly base64?: boolean;
  /**
   * `requestContext.authorizer.claims` as the Cognito authorizer passes them; `null` sends no
   * authorizer context. @default null
   */
  readonly claims?: Readonly<Record<string, string>> | null;
  /** @default 'test-request' */
  readonly requestId?: string;
  /** @default 'example.execute-api.eu-west-1.amazonaws.com' */
  readonly domainName?: string;
  /** @default 'api' */
  readonly stage?: string;
  /** Query string parameters. @default none */
  readonly query?: Readonly<Record<string, string>>;
}

/**
 * An API Gateway REST proxy event (payload format 1.0, what a Lambda proxy integration receives),
 * for the handler's tests, its benchmark and the local dev server alike.
 */
export function proxyEvent(options: ProxyEventOptions = {}): APIGatewayProxyEvent {
  const method = options.method ?? 'POST';
  const path = options.path ?? '/mcp';
  const headers = { ...(options.headers ?? { 'content-type': 'application/json' }) };
  const multiValueHeaders: Record<string, string[]> = options.multiValueHeaders
    ? Object.fromEntries(Object.entries(options.multiValueHeaders).map(([k, v]) => [k, [...v]]))
    : Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
  const bytes = bodyBytes(options.body);
  const query = options.query && Object.keys(options.query).length ? { ...options.query } : null;
  return {
    httpMethod: method,
    path,
    resource: path,
    headers,
    multiValueHeaders,
    queryStringParameters: query,
    multiValueQueryStringParameters: query ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])) : null,
    pathParameters: null,
    stageVariables: null,
    body: bytes === undefined ? null : options.base64 ? bytes.toString('base64') : bytes.toString('utf8'),
    isBase64Encoded: bytes !== undefined && (options.base64 ?? false),
    requestContext: {
      requestId: options.requestId ?? 'test-request',
      domainName: options.domainName ?? 'example.execute-api.eu-west-1.amazonaws.com',
      httpMethod: method,
      path,
      stage: options.stage ?? 'api',
      authorizer: options.claims ? { claims: { ...options.claims } } : null,
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

function bodyBytes(body: unknown): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (Buffer.isBuffer(body)) return body.length ? body : undefined;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}
