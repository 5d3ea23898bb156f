import type { TemplateName } from './templates';

/**
 * How the REST API integrates `/mcp` with the Lambda function. Not `AWS_PROXY`: for a Lambda proxy integration API
 * Gateway renames response headers it reserves, `WWW-Authenticate` among them, to `x-amzn-Remapped-<name>` (API Gateway
 * developer guide, "Amazon API Gateway important notes"), so the handler's 401/403 challenges would never reach an MCP
 * client, and proxy integrations cannot use mapping-template overrides ("Mapping template overrides cannot be used with
 * proxy integration endpoints"). A non-proxy `AWS` integration runs mcp-request.vtl (rebuilding the proxy event the
 * handler reads) and mcp-response.vtl (setting status and headers through `$context.responseOverride`, which may
 * override any response header). Passthrough `NEVER`: a body whose Content-Type has no template is refused with 415
 * rather than delivered to the function as its event.
 */
export const MCP_INTEGRATION = {
  type: 'AWS',
  integrationHttpMethod: 'POST',
  passthroughBehavior: 'NEVER',
  requestTemplate: 'mcp-request',
  responseTemplate: 'mcp-response',
} as const satisfies {
  type: 'AWS' | 'AWS_PROXY';
  integrationHttpMethod: string;
  passthroughBehavior: string;
  requestTemplate: TemplateName;
  responseTemplate: TemplateName;
};

/**
 * Every status mcp-response.vtl can set, each with a method response: what the handler and the MCP SDK's transport
 * answer (the list in the template, kept equal by a test). Gateway-made statuses (429, 502, 504) come from gateway
 * responses instead.
 */
export const MCP_METHOD_RESPONSE_STATUS_CODES = [
  '200',
  '202',
  '400',
  '401',
  '403',
  '404',
  '405',
  '406',
  '409',
  '413',
  '415',
  '500',
] as const;

/**
 * The response headers mcp-response.vtl passes from the handler's result, as the method responses declare them (the
 * values say which handler header each one carries).
 */
export const MCP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'content-type',
  'WWW-Authenticate': 'www-authenticate',
  Allow: 'allow',
  'Access-Control-Allow-Origin': 'access-control-allow-origin',
  'Access-Control-Expose-Headers': 'access-control-expose-headers',
};

/**
 * Response headers a REST API renames to `x-amzn-Remapped-<name>` when a Lambda proxy integration returns them (API
 * Gateway developer guide, "Amazon API Gateway important notes": "The following headers may be remapped to
 * x-amzn-Remapped-HEADER when sent to your integration endpoint or sent back by your integration endpoint").
 */
export const PROXY_REMAPPED_RESPONSE_HEADERS: readonly string[] = [
  'authorization',
  'connection',
  'content-md5',
  'date',
  'expect',
  'host',
  'max-forwards',
  'proxy-authenticate',
  'server',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'via',
  'warn',
  'www-authenticate',
];

/** What a client receives from a Lambda proxy integration that returned `headers`: the reserved ones renamed. */
export function proxyIntegrationResponseHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      PROXY_REMAPPED_RESPONSE_HEADERS.includes(name.toLowerCase()) ? `x-amzn-Remapped-${name}` : name,
      value,
    ]),
  );
}
