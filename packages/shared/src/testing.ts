/// <reference types="jest" />
// `@aws-log-mcp/shared/testing`: fixtures for tests that build stacks and constructs.
import { synthHcl, terraformFmt } from '@aws-log-mcp/testing';
import { TerraformStack, Testing } from 'cdktf';
import { hclMismatches, parseHcl, TerraformDocument } from './cdktf-compat/hcl-check';
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

/**
 * Asserts that the HCL rendering of the stack `build` makes is valid for `terraform fmt` and
 * holds, leaf by leaf, the same strings as its JSON rendering (`npm run verify` plans both; synth
 * checks its own output with `assertHclMatchesJson`). cdktf's raw heredocs are one newline
 * longer here than in the files `formatHcl` writes. Returns how many leaves were compared.
 */
export async function expectHclToMatchJson(build: () => TerraformStack): Promise<number> {
  const json = JSON.parse(Testing.synth(build())) as TerraformDocument;
  const hcl = synthHcl(build);
  const fmt = terraformFmt(hcl);
  expect(fmt.stderr).not.toContain('Error');
  expect(fmt.status).toBe(0);
  const { count, mismatches } = hclMismatches(json, await parseHcl(hcl), { rawHeredocs: true });
  expect(mismatches).toEqual([]);
  return count;
}
