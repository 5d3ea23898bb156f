import type { App, TerraformStack } from 'cdktf';
import type { EnvironmentConfig } from './config/schema';

/**
 * What each app exports so the root cdktf app, the synth script and tests can add its
 * stacks to any `App`: one stack per environment.
 */
export interface AppDefinition {
  /** Application name, also the stack name prefix. */
  readonly name: string;
  readonly addStacks: (app: App, environments: readonly EnvironmentConfig[]) => TerraformStack[];
}
