// `@aws-log-mcp/shared/testing`: fixtures for tests that build stacks and constructs.
import { Testing } from 'cdktf';
import type { EnvironmentConfig } from './config/schema';
import { PlatformStack } from './platform-stack';

/**
 * A minimal valid environment (`acme`/`dev`/`eu-west-1`, local backend), as `loadPlatformConfig`
 * would return it, for tests that build stacks and constructs without a config file.
 * `apps` takes one app's raw config section by app name.
 */
export function testEnvironment(overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  return { project: 'acme', name: 'dev', region: 'eu-west-1', tags: {}, backend: { type: 'local' }, apps: {}, ...overrides };
}

/**
 * An empty `PlatformStack` (app `test`, stack `test-dev`) in a fresh `Testing.app()`, for
 * construct tests: constructs read the account, region and partition from their stack.
 */
export function testStack(config: EnvironmentConfig = testEnvironment(), app = 'test'): PlatformStack {
  return new PlatformStack(Testing.app(), { config, app });
}
