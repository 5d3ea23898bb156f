import * as fs from 'fs';
import * as path from 'path';

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

/** The redirect URI pattern of the schema; dcr-request.vtl applies the same pattern again (tests keep them equal). */
export const REDIRECT_URI_PATTERN: string = (dcrRequestModelSchema.properties as Record<string, { items: { pattern: string } }>)
  .redirect_uris.items.pattern;
