import { REGISTRATION_RESPONSE_HEADERS } from './http-contract';
import { TemplateName } from './templates';

export const CONTENT_TYPE_JSON = 'application/json';

/** Cognito's JSON 1.1 protocol. */
export const COGNITO_CONTENT_TYPE = 'application/x-amz-json-1.1';
export const COGNITO_CREATE_USER_POOL_CLIENT_TARGET = 'AWSCognitoIdentityProviderService.CreateUserPoolClient';

/**
 * URI of the API Gateway AWS integration that calls CreateUserPoolClient (integration HTTP method POST):
 * `arn:<partition>:apigateway:<region>:cognito-idp:action/CreateUserPoolClient` (API Gateway API reference,
 * `Integration.uri`). `partition` is the stack's (`aws`, `aws-cn`, `aws-us-gov`; a token is fine).
 */
export function cognitoCreateUserPoolClientUri(region: string, partition: string): string {
  return `arn:${partition}:apigateway:${region}:cognito-idp:action/CreateUserPoolClient`;
}

/** Integration request parameters (static values are single-quoted) for the Cognito call. */
export const COGNITO_INTEGRATION_REQUEST_PARAMETERS: Readonly<Record<string, string>> = {
  'integration.request.header.X-Amz-Target': `'${COGNITO_CREATE_USER_POOL_CLIENT_TARGET}'`,
  'integration.request.header.Content-Type': `'${COGNITO_CONTENT_TYPE}'`,
};

/**
 * passthrough_behavior of the DCR integration. Must be NEVER: with the default WHEN_NO_MATCH a request whose
 * Content-Type has no mapping template (say text/plain) skips dcr-request.vtl and the request validator's JSON model,
 * and its body goes to Cognito verbatim — a caller could then pick any UserPoolId, OAuth flow or scope. NEVER answers
 * such requests with 415 instead.
 */
export const DCR_PASSTHROUGH_BEHAVIOR = 'NEVER';

export interface IntegrationResponseSpec {
  /**
   * Regex on the backend's HTTP status code. For AWS service integrations API Gateway matches the selection pattern
   * against the status code (only Lambda errors are matched by message), and Cognito sends every client-side error
   * (InvalidParameterException, TooManyRequestsException, LimitExceededException, ...) with 400, so the error type is
   * told apart inside dcr-error.vtl, which sets the final status via $context.responseOverride.status.
   * `undefined` marks the default integration response.
   */
  selectionPattern?: string;
  /** The method response status this integration response maps to (before any override by the template). */
  statusCode: string;
  template: TemplateName;
}

/** Integration responses of the DCR method, in the order they should be declared. */
export const DCR_INTEGRATION_RESPONSES: readonly IntegrationResponseSpec[] = [
  { statusCode: '201', template: 'dcr-response' },
  { selectionPattern: '4\\d{2}', statusCode: '400', template: 'dcr-error' },
  { selectionPattern: '5\\d{2}', statusCode: '500', template: 'dcr-error' },
];

/**
 * Static response headers for every DCR method response (values single-quoted, for
 * `method.response.header.<name>` response parameters). The registration response can carry a client_secret; RFC 7591
 * section 3.2.1 shows it with `Cache-Control: no-store` and `Pragma: no-cache`, as RFC 6749 requires for responses
 * with credentials, so no cache or proxy keeps it.
 */
export const DCR_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': `'${REGISTRATION_RESPONSE_HEADERS['Cache-Control']}'`,
  Pragma: `'${REGISTRATION_RESPONSE_HEADERS.Pragma}'`,
};

/** Every status the DCR method can answer with (declare a method response for each). */
export const DCR_METHOD_RESPONSE_STATUS_CODES = ['201', '400', '429', '500', '503'] as const;

/**
 * Which Cognito error type dcr-error.vtl maps to which RFC 7591 / RFC 6749 error and HTTP status. Types not listed
 * (NotAuthorizedException, ResourceNotFoundException, InternalErrorException, ...) mean the deployment is broken, not
 * the request: 500 server_error. InvalidParameterException whose message mentions callback/redirect URLs becomes
 * invalid_redirect_uri.
 */
export const COGNITO_ERROR_MAPPING: Readonly<Record<string, { status: number; error: string }>> = {
  InvalidParameterException: { status: 400, error: 'invalid_client_metadata' },
  InvalidOAuthFlowException: { status: 400, error: 'invalid_client_metadata' },
  ScopeDoesNotExistException: { status: 400, error: 'invalid_client_metadata' },
  TooManyRequestsException: { status: 429, error: 'temporarily_unavailable' },
  LimitExceededException: { status: 503, error: 'temporarily_unavailable' },
};

/** Backward-compatible name from the contract: the selection patterns routing Cognito errors to dcr-error. */
export const selectionPatterns = DCR_INTEGRATION_RESPONSES;

/** Gateway response types and the body templates for them (application/json). */
export const GATEWAY_RESPONSE_BODIES: Readonly<Record<'UNAUTHORIZED' | 'ACCESS_DENIED' | 'BAD_REQUEST_BODY', TemplateName>> = {
  UNAUTHORIZED: 'gateway-unauthorized',
  ACCESS_DENIED: 'gateway-access-denied',
  BAD_REQUEST_BODY: 'gateway-bad-request-body',
};
