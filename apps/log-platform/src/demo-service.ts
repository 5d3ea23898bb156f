import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { ManagedLogGroup, ServiceRole } from '@aws-log-mcp/shared';
import { Construct } from 'constructs';
import { FireLens } from './firelens';

export interface DemoServiceProps {
  /** Name prefix of the family, service and roles (e.g. `acme-dev-log-platform-demo`). */
  readonly name: string;
  readonly taskRoleName: string;
  readonly executionRoleName: string;
  /** Existing ECS cluster (name or ARN). */
  readonly cluster: string;
  readonly subnets: readonly string[];
  readonly securityGroups?: readonly string[];
  readonly assignPublicIp?: boolean;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** Log group of the router's own logs, created by the caller and referenced by the FireLens container definitions. */
  readonly routerLogGroup: ManagedLogGroup;
  readonly firelens: FireLens;
}

/** The demo application's command: one JSON log line shaped like the article's sample every 5 seconds. */
export const DEMO_COMMAND = [
  'sh',
  '-c',
  'while true; do printf \'{"timestamp":"%s","level":"INFO","message":"demo heartbeat","request_id":"%s"}\\n\' ' +
    '"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(cat /proc/sys/kernel/random/uuid)"; sleep 5; done',
];

/** A Fargate task and service whose container logs through FireLens into the log table. */
export class DemoService extends Construct {
  readonly taskRole: ServiceRole;
  readonly executionRole: ServiceRole;
  readonly taskDefinition: EcsTaskDefinition;
  readonly service: EcsService;

  constructor(scope: Construct, id: string, props: DemoServiceProps) {
    super(scope, id);
    const ecsTasks = 'ecs-tasks.amazonaws.com';
    const sourceArn = `arn:${props.partition}:ecs:${props.region}:${props.accountId}:*`;
    this.taskRole = new ServiceRole(this, 'task-role', {
      roleName: props.taskRoleName,
      servicePrincipal: ecsTasks,
      sourceAccount: props.accountId,
      sourceArn,
      description: 'Demo task: FireLens puts records into the log stream',
    });
    props.firelens.grantTaskRole(this.taskRole);
    this.executionRole = new ServiceRole(this, 'execution-role', {
      roleName: props.executionRoleName,
      servicePrincipal: ecsTasks,
      sourceAccount: props.accountId,
      sourceArn,
      description: 'Demo task execution: the log router writes its own logs',
    });
    this.executionRole.addToPolicy({ ...props.routerLogGroup.grantWrite(), sid: 'RouterLogs' });

    this.taskDefinition = new EcsTaskDefinition(this, 'task', {
      family: props.name,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
      taskRoleArn: this.taskRole.roleArn,
      executionRoleArn: this.executionRole.roleArn,
      containerDefinitions: props.firelens.containerDefinitionsJson,
    });
    this.service = new EcsService(this, 'service', {
      name: props.name,
      cluster: props.cluster,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: 1,
      launchType: 'FARGATE',
      propagateTags: 'TASK_DEFINITION',
      deploymentCircuitBreaker: { enable: true, rollback: true },
      networkConfiguration: {
        subnets: [...props.subnets],
        securityGroups: [...(props.securityGroups ?? [])],
        assignPublicIp: props.assignPublicIp ?? false,
      },
    });
  }
}
