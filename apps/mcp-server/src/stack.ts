import { EnvironmentConfig, PlatformStack } from '@aws-log-mcp/shared';
import { Construct } from 'constructs';

export interface McpServerStackProps {
  readonly config: EnvironmentConfig;
}

/** One environment of the mcp-server app. */
export class McpServerStack extends PlatformStack {
  constructor(scope: Construct, props: McpServerStackProps) {
    super(scope, { config: props.config, app: 'mcp-server' });
  }
}
