import type { EnvironmentConfig } from './config/schema';

/**
 * Tags applied to every taggable resource through the provider's `default_tags`.
 * Extra tags from config win over nothing: the three standard keys always describe
 * where a resource came from, so they cannot be overridden by accident.
 */
export function defaultTags(config: EnvironmentConfig, app: string): Record<string, string> {
  return sortKeys({
    ...config.tags,
    Project: config.project,
    Environment: config.name,
    Application: app,
    ManagedBy: 'cdktf',
  });
}

/** Returns a copy with keys in code-point order, so synthesized JSON is stable. */
export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
