import { decodeJsonencode, byPrefix, only, synthStack } from './support/synth';
import { DEMO_COMMAND } from '../src/demo-service';

describe('DemoService', () => {
  const { json } = synthStack({
    demo: {
      cluster: 'arn:aws:ecs:eu-west-1:111122223333:cluster/acme-dev',
      subnets: ['subnet-0123456789abcdef0'],
      assignPublicIp: true,
    },
  });

  test('Fargate task with the FireLens container definitions and separate task and execution roles', () => {
    const task = only(json, 'aws_ecs_task_definition');
    expect(task.task_role_arn).toBe('${aws_iam_role.demo_task-role_914D9834.arn}');
    expect(task.execution_role_arn).toBe('${aws_iam_role.demo_execution-role_43250330.arn}');
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
    const trust = decodeJsonencode(byPrefix(json, 'aws_iam_role', 'demo_task-role').assume_role_policy);
    expect(trust.Statement[0].Principal).toEqual({ Service: 'ecs-tasks.amazonaws.com' });
    expect(trust.Statement[0].Condition.StringEquals).toEqual({
      'aws:SourceAccount': '${data.aws_caller_identity.identity.account_id}',
    });
    expect(decodeJsonencode(byPrefix(json, 'aws_iam_role_policy', 'demo_execution-role').policy).Statement).toEqual([
      {
        Sid: 'RouterLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: '${aws_cloudwatch_log_group.router-logs_group_C8FBB124.arn}:*',
      },
    ]);
  });
});
