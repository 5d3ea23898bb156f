import * as fs from 'fs';
import * as path from 'path';
import { REDIRECT_URI_SYNTAX_PATTERN } from './redirect-policy';

/** Where the draft-04 model schema lives in the package (shipped as a file so reviewers can read it as JSON). */
export const SCHEMAS_DIR = path.join(__dirname, '..', 'schemas');

/**
 * The draft-04 JSON Schema of the DCR request body, for an API Gateway model (`schema` argument of aws_api_gateway_model,
 * content type application/json) used by a request validator with validate_request_body = true. API Gateway models
 * accept draft-04, which is why it is not a later draft.
 */
export const dcrRequestModelSchema: Readonly<Record<string, unknown>> = JSON.parse(
  fs.readFileSync(path.join(SCHEMAS_DIR, 'dcr-request.schema.json'), 'utf8'),
) as Record<string, unknown>;

/** The model schema as the JSON text a cdktf aws_api_gateway_model receives (no `${`/`%{`, so no escaping needed). */
export function dcrRequestModelSchemaJson(): string {
  return JSON.stringify(dcrRequestModelSchema);
}

/**
 * The shape every registered redirect URI has ({@link REDIRECT_URI_SYNTAX_PATTERN}); dcr-request.vtl applies it to each
 * requested URI before the redirect policy (a test keeps the two identical). The model itself only bounds the types
 * and sizes of `redirect_uris`, so that every redirect problem reaches the template and is answered with
 * `invalid_redirect_uri` instead of API Gateway's generic body-validation error.
 */
export const REDIRECT_URI_PATTERN: string = REDIRECT_URI_SYNTAX_PATTERN;

/** Token endpoint authentication methods a client may register (the model's enum); Cognito accepts all three. */
export const TOKEN_ENDPOINT_AUTH_METHODS = (dcrRequestModelSchema.properties as Record<string, { enum: string[] }>)
  .token_endpoint_auth_method.enum as readonly string[];
