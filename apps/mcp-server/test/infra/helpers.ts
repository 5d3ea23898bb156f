import { EnvironmentConfig, testEnvironment } from '@aws-log-mcp/shared';
import { App, Testing } from 'cdktf';
import { McpServerStack } from '../../src/stack';

export type Resources = Record<string, Record<string, Record<string, unknown>>>;
export interface Synthesized {
  readonly stack: McpServerStack;
  readonly json: { resource: Resources; output: Record<string, { value: string }>; data: Resources };
  /** All resources of one type, as an array of their config blocks. */
  of(type: string): Record<string, unknown>[];
  /** `${type}.${id}` of the single resource of `type` whose config matches `pick`. */
  ref(type: string, pick?: (r: Record<string, unknown>) => boolean): string;
}

export function environment(app: Record<string, unknown> = {}, overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  return testEnvironment({ apps: { 'mcp-server': app }, ...overrides });
}

export function synth(app: Record<string, unknown> = {}, overrides: Partial<EnvironmentConfig> = {}): Synthesized {
  const cdkApp: App = Testing.app();
  const stack = new McpServerStack(cdkApp, { config: environment(app, overrides) });
  const json = JSON.parse(Testing.synth(stack));
  const of = (type: string) => Object.values((json.resource[type] ?? {}) as Record<string, Record<string, unknown>>);
  const ref = (type: string, pick: (r: Record<string, unknown>) => boolean = () => true) => {
    const hits = Object.entries((json.resource[type] ?? {}) as Record<string, Record<string, unknown>>).filter(([, r]) =>
      pick(r),
    );
    if (hits.length !== 1) throw new Error(`expected one ${type}, found ${hits.length}`);
    return `${type}.${hits[0][0]}`;
  };
  return { stack, json, of, ref };
}
