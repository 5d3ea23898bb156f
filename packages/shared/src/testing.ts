import type { EnvironmentConfig } from './config/schema';

/**
 * A minimal valid environment (`acme`/`dev`/`eu-west-1`, local backend), as `loadPlatformConfig`
 * would return it, for tests that build stacks and constructs without a config file.
 * `apps` takes one app's raw config section by app name.
 */
export function testEnvironment(overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  return { project: 'acme', name: 'dev', region: 'eu-west-1', tags: {}, backend: { type: 'local' }, apps: {}, ...overrides };
}
