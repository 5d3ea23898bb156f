import { API_PATHS, DEFAULT_MCP_SCOPE } from '@aws-log-mcp/vtl-templates/http-contract';
import type { MetadataDocument, MetadataRenderer } from './dev-server';

/** A Cognito domain that cannot resolve (RFC 2606 `.invalid`), shown when none is configured. */
export const PLACEHOLDER_COGNITO_DOMAIN_URL = 'https://dev-local-placeholder.auth.invalid';

export interface MetadataRendererOptions {
  /** MCP scopes advertised. @default [`DEFAULT_MCP_SCOPE`] (`mcp/tools`) */
  readonly scopes?: readonly string[];
  /** Cognito managed login base URL (default {@link PLACEHOLDER_COGNITO_DOMAIN_URL}). */
  readonly cognitoDomainUrl?: string;
  /** User pool id placed in the stage variables (default a labelled placeholder). */
  readonly userPoolId?: string;
  readonly resourceName?: string;
}

/**
 * Renders the metadata documents from the package's `.vtl` files with the package's API
 * Gateway template engine and the same `stageVariables()` the REST stage gets, so the dev
 * server serves what API Gateway would, with the dev server's URL as the public base URL.
 */
export function createMetadataRenderer(options: MetadataRendererOptions = {}): MetadataRenderer {
  const cache = new Map<string, string>();
  return async (doc: MetadataDocument, baseUrl: string) => {
    const key = `${doc} ${baseUrl}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    // Loaded on first use so the dev server listens before velocityjs is even read.
    const { readTemplate, stageVariables } = await import('@aws-log-mcp/vtl-templates');
    // The package's API Gateway template runtime (velocityjs + $input/$util/$context); not loaded by its index.
    const { renderMappingTemplate } = await import('@aws-log-mcp/vtl-templates/emulator');
    const variables = stageVariables({
      publicBaseUrl: baseUrl,
      mcpPath: API_PATHS.mcp,
      cognitoDomainUrl: options.cognitoDomainUrl ?? PLACEHOLDER_COGNITO_DOMAIN_URL,
      userPoolId: options.userPoolId ?? 'dev-local_placeholder',
      scopes: [...(options.scopes ?? [DEFAULT_MCP_SCOPE])],
      resourceName: options.resourceName ?? 'MCP server dev-local',
    });
    const { output } = renderMappingTemplate(readTemplate(doc satisfies MetadataDocument), { stageVariables: variables });
    // Served byte for byte as rendered; parsed once so a template that renders invalid JSON
    // fails loudly here rather than in a client.
    JSON.parse(output);
    cache.set(key, output);
    return output;
  };
}
