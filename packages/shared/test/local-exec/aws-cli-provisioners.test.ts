import { awsCliProvisioners, awsCliStep } from '../../src';

const step = (name: string) =>
  awsCliStep({
    step: name,
    rules: [],
    script: ['exit 0'],
    retry: { maxAttempts: 2, initialDelaySeconds: 1, maxDelaySeconds: 1 },
  });
const CREATE = step('demo-create');
const DESTROY = step('demo-destroy');
const TRIGGERS = { LP_NAME: 'name', LX_REGION: 'region' } as const;

describe('awsCliProvisioners', () => {
  it('runs the create step on create and the destroy step with when = destroy, each with its own command', () => {
    const [create, destroy, ...rest] = awsCliProvisioners(CREATE, DESTROY, { triggerEnv: TRIGGERS, retryField: 'demo.retry' });
    expect(rest).toEqual([]);
    expect(create).toMatchObject({ type: 'local-exec', command: CREATE.command, interpreter: ['bash', '-c'] });
    expect(create).not.toHaveProperty('when');
    expect(destroy).toMatchObject({ type: 'local-exec', command: DESTROY.command, when: 'destroy' });
    expect(create.environment?.LX_STEP).toBe('demo-create');
    expect(destroy.environment?.LX_STEP).toBe('demo-destroy');
  });

  it('reads values only from self.triggers, and the construct retry overrides the step retry', () => {
    const [create] = awsCliProvisioners(CREATE, undefined, {
      triggerEnv: TRIGGERS,
      retry: { maxAttempts: 5 },
      retryField: 'demo.retry',
    });
    expect(create.environment).toMatchObject({
      LP_NAME: '${self.triggers.name}',
      LX_REGION: '${self.triggers.region}',
      LX_RETRY_MAX_ATTEMPTS: '5',
      LX_RETRY_INITIAL_DELAY: '5',
      LX_RETRY_MAX_DELAY: '60',
    });
    // Trigger entries first, then the step's, then retry: the order the synthesized JSON keeps.
    expect(Object.keys(create.environment ?? {}).slice(0, 3)).toEqual(['LP_NAME', 'LX_REGION', 'LX_STEP']);
  });

  it('omits the destroy provisioner when there is no destroy step', () => {
    expect(awsCliProvisioners(CREATE, undefined, { triggerEnv: TRIGGERS, retryField: 'demo.retry' })).toHaveLength(1);
  });

  it.each([
    [{ maxAttempts: 0 }, 'demo.retry.maxAttempts'],
    [{ initialDelaySeconds: 1.5 }, 'demo.retry.initialDelaySeconds'],
    [{ maxDelaySeconds: 3601 }, 'demo.retry.maxDelaySeconds'],
  ])('refuses retry %j naming %s', (retry, field) => {
    expect(() => awsCliProvisioners(CREATE, DESTROY, { triggerEnv: TRIGGERS, retry, retryField: 'demo.retry' })).toThrow(field);
  });
});
