import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from './config/schema';
import { ResourceNames } from './naming/names';
import { configureBackend } from './provider/backend';
import { PlatformAwsProvider } from './provider/aws-provider';

export interface PlatformStackProps {
  /** The validated environment this stack deploys to. */
  readonly config: EnvironmentConfig;
  /** Application name (`log-platform`, `mcp-server`); the stack is named `<app>-<env>`. */
  readonly app: string;
  /** Short token for resource names (default: `app`). */
  readonly nameToken?: string;
}

/**
 * Base class of every stack: one AWS provider with default tags and emulator mode,
 * a reproducible backend, and resource names scoped to project, environment and app.
 */
export class PlatformStack extends TerraformStack {
  readonly config: EnvironmentConfig;
  readonly names: ResourceNames;
  readonly awsProvider: PlatformAwsProvider;

  constructor(scope: Construct, props: PlatformStackProps) {
    const stackName = PlatformStack.stackName(props.app, props.config.name);
    super(scope, stackName);
    this.config = props.config;
    this.names = new ResourceNames(props.config.project, props.config.name, props.nameToken ?? props.app);
    this.awsProvider = new PlatformAwsProvider(this, 'aws', { config: props.config, app: props.app });
    configureBackend(this, stackName, props.config.backend);
  }

  static stackName(app: string, environment: string): string {
    return `${app}-${environment}`;
  }
}
