import { EnvironmentConfig } from '@aws-log-mcp/shared';
import { testEnvironment } from '@aws-log-mcp/shared/testing';
import { Template } from '@aws-log-mcp/testing';
import { Testing } from 'cdktf';
import { McpServerStack } from '../../src/stack';

export type Resources = Record<string, Record<string, Record<string, unknown>>>;
export interface Synthesized {
  readonly stack: McpServerStack;
  readonly template: Template;
  readonly json: { resource: Resources; output: Record<string, { value: string }>; data: Resources };
  /** All resources of one type, as an array of their config blocks. */
  of(type: string): Record<string, unknown>[];
  /** `${type}.${name}` of the single resource of `type` whose config matches `pick`. */
  ref(type: string, pick?: (r: Record<string, unknown>) => boolean): string;
}

export function environment(app: Record<string, unknown> = {}, overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  return testEnvironment({ apps: { 'mcp-server': app }, ...overrides });
}

export function synth(app: Record<string, unknown> = {}, overrides: Partial<EnvironmentConfig> = {}): Synthesized {
  const stack = new McpServerStack(Testing.app(), { config: environment(app, overrides) });
  const template = Template.synth(stack);
  return {
    stack,
    template,
    json: template.json as Synthesized['json'],
    of: (type) => template.resourceList(type),
    ref: (type, pick = () => true) => `${type}.${template.find(type, pick)[0]}`,
  };
}

/** A log platform location given explicitly (`logTools.source: "explicit"`), with the native grant. */
export const EXPLICIT_LOCATION = {
  tableBucketName: 'shared-logs-tables',
  namespace: 'prod_logs',
  tableName: 'api_logs',
  workgroup: 'shared-logs',
  resultsBucket: 'shared-athena-results-111122223333',
  lakeFormationGrant: 'native',
};
