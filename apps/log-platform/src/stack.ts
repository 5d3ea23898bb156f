import { EnvironmentConfig, PlatformStack } from '@aws-log-mcp/shared';
import { Construct } from 'constructs';

export interface LogPlatformStackProps {
  readonly config: EnvironmentConfig;
}

/** One environment of the log-platform app. */
export class LogPlatformStack extends PlatformStack {
  constructor(scope: Construct, props: LogPlatformStackProps) {
    super(scope, { config: props.config, app: 'log-platform' });
  }
}
