import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { decodeJsonencode, synthStack } from './support/synth';
import { DEMO_COMMAND } from '../src/demo-service';

describe('DemoService', () => {
  const { t } = synthStack({
    demo: {
      cluster: 'arn:aws:ecs:eu-west-1:111122223333:cluster/acme-dev',
      subnets: ['subnet-0123456789abcdef0'],
      assignPublicIp: true,
    },
  });
  const only = (_: unknown, type: string) => t.only(type);
  const json = t.json;

  test('Fargate task with the FireLens container definitions and separate task and execution roles', () => {
    const task = only(json, 'aws_ecs_task_definition');
    expect(task.task_role_arn).toBe('${aws_iam_role.demo_task.arn}');
    expect(task.execution_role_arn).toBe('${aws_iam_role.demo_execution.arn}');
    expect(task.runtime_platform).toEqual({ operating_system_family: 'LINUX', cpu_architecture: 'X86_64' });
    const defs = decodeJsonencode(task.container_definitions) as unknown as Record<string, unknown>[];
    expect(defs.map((d) => d.name)).toEqual(['app', 'log_router']);
    expect(defs[0].command).toEqual(DEMO_COMMAND);
  });

  test('service in the given cluster and subnets, with circuit breaker', () => {
    expect(only(json, 'aws_ecs_service')).toMatchObject({
      cluster: 'arn:aws:ecs:eu-west-1:111122223333:cluster/acme-dev',
      deployment_circuit_breaker: { enable: true, rollback: true },
      network_configuration: { subnets: ['subnet-0123456789abcdef0'], security_groups: [], assign_public_ip: true },
    });
  });

  test('task role trusts ECS tasks of this account; execution role may only write router logs', () => {
    const trust = decodeJsonencode(t.resource(IamRole, 'demo_task').assume_role_policy);
    expect(trust.Statement[0].Principal).toEqual({ Service: 'ecs-tasks.amazonaws.com' });
    expect(trust.Statement[0].Condition.StringEquals).toEqual({
      'aws:SourceAccount': '${data.aws_caller_identity.current.account_id}',
    });
    expect(decodeJsonencode(t.resource(IamRolePolicy, 'demo_execution').policy).Statement).toEqual([
      {
        Sid: 'RouterLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: '${aws_cloudwatch_log_group.demo_log_router.arn}:*',
      },
    ]);
  });
});
