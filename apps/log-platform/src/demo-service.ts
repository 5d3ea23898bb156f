import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { AddressableProps, addressNameOf, ManagedLogGroup, PlatformStack, ServiceRole, setAddress } from '@aws-log-mcp/shared';
import { Construct } from 'constructs';
import { FireLens } from './firelens';

export interface DemoServiceProps extends AddressableProps {
  /** Name of the family, service and roles' prefix (e.g. `acme-dev-log-platform-demo`). */
  readonly name: string;
  readonly taskRoleName: string;
  readonly executionRoleName: string;
  /** Existing ECS cluster (name or ARN). */
  readonly cluster: string;
  /** Subnets of the service's tasks (at least one). */
  readonly subnets: readonly string[];
  /** @default none */
  readonly securityGroups?: readonly string[];
  /** @default false */
  readonly assignPublicIp?: boolean;
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

/**
 * A Fargate task and service whose container logs through FireLens into the log table.
 * Addresses, for address name `n`: `aws_ecs_task_definition.n`, `aws_ecs_service.n`,
 * `aws_iam_role.n_task` and `aws_iam_role.n_execution` (+ policies).
 */
export class DemoService extends Construct {
  readonly taskRole: ServiceRole;
  readonly executionRole: ServiceRole;
  readonly taskDefinition: EcsTaskDefinition;
  readonly service: EcsService;

  constructor(scope: Construct, id: string, props: DemoServiceProps) {
    super(scope, id);
    const name = addressNameOf(id, props);
    const ecsTasks = 'ecs-tasks.amazonaws.com';
    const sourceArn = PlatformStack.of(this).formatArn({ service: 'ecs', resource: '*' });
    this.taskRole = new ServiceRole(this, 'task-role', {
      addressName: `${name}_task`,
      roleName: props.taskRoleName,
      servicePrincipal: ecsTasks,
      sourceArn,
      description: 'Demo task: FireLens puts records into the log stream',
    });
    props.firelens.grantTaskRole(this.taskRole);
    this.executionRole = new ServiceRole(this, 'execution-role', {
      addressName: `${name}_execution`,
      roleName: props.executionRoleName,
      servicePrincipal: ecsTasks,
      sourceArn,
      description: 'Demo task execution: the log router writes its own logs',
    });
    props.routerLogGroup.grantWrite(this.executionRole, { sid: 'RouterLogs' });

    this.taskDefinition = setAddress(
      new EcsTaskDefinition(this, 'task', {
        family: props.name,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
        taskRoleArn: this.taskRole.roleArn,
        executionRoleArn: this.executionRole.roleArn,
        containerDefinitions: props.firelens.containerDefinitionsJson,
      }),
      name,
    );
    this.service = setAddress(
      new EcsService(this, 'service', {
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
      }),
      name,
    );
  }
}
