import * as fs from 'fs';
import * as path from 'path';
import { escapeForTerraform } from '@aws-log-mcp/shared/core';

/** Every mapping template the package ships, one `.vtl` file each under `templates/`. */
export const TEMPLATE_NAMES = [
  'mock-integration-request',
  'authorization-server-metadata',
  'protected-resource-metadata',
  'dcr-request',
  'dcr-response',
  'dcr-error',
  'authorize-redirect',
  'mcp-request',
  'mcp-response',
  'gateway-unauthorized',
  'gateway-access-denied',
  'gateway-bad-request-body',
] as const;

export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/**
 * Gateway-response bodies are not processed by the Velocity engine: API Gateway only substitutes `$context`
 * variables in them. These templates are kept free of any VTL logic, and tests enforce it.
 */
export const GATEWAY_RESPONSE_TEMPLATES: readonly TemplateName[] = [
  'gateway-unauthorized',
  'gateway-access-denied',
  'gateway-bad-request-body',
];

/** Resolved relative to the package root, so it works from `src/` (tests) and from `dist/` (consumers). */
export const TEMPLATES_DIR = path.join(__dirname, '..', 'templates');

const cache = new Map<TemplateName, string>();

/** The exact `.vtl` text, byte for byte as stored in the package. */
export function readTemplate(name: TemplateName): string {
  if (!(TEMPLATE_NAMES as readonly string[]).includes(name)) {
    throw new Error(`unknown template ${JSON.stringify(name)}; known: ${TEMPLATE_NAMES.join(', ')}`);
  }
  let text = cache.get(name);
  if (text === undefined) {
    text = fs.readFileSync(path.join(TEMPLATES_DIR, `${name}.vtl`), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** The template text escaped for a Terraform string: what cdktf resources must receive. */
export function terraformTemplate(name: TemplateName): string {
  return escapeForTerraform(readTemplate(name));
}
