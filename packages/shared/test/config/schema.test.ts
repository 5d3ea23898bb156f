import {
  AWS_TAG_LIMIT,
  EnvironmentSchema,
  LogRetentionDaysSchema,
  MAX_CONFIG_TAGS,
  nameSchema,
  parseWith,
  S3_TABLES_NAMESPACE,
  ValidationError,
} from '../../src';

describe('config schema building blocks', () => {
  it('nameSchema names the AWS rule and the offending value', () => {
    expect(() => parseWith(nameSchema(S3_TABLES_NAMESPACE), 'Has-Hyphen', 'environments.dev.apps.x.namespace')).toThrow(
      'environments.dev.apps.x.namespace: [s3tables.namespace] S3 Tables namespaces are 1-255 characters of lowercase letters, numbers and underscores, begin and end with a letter or number, and must not start with "aws" (got "Has-Hyphen")',
    );
    expect(parseWith(nameSchema(S3_TABLES_NAMESPACE), 'app_logs', 'f')).toBe('app_logs');
  });

  it('LogRetentionDaysSchema accepts only what CloudWatch Logs accepts', () => {
    expect(parseWith(LogRetentionDaysSchema, 14, 'days')).toBe(14);
    expect(() => parseWith(LogRetentionDaysSchema, 10, 'days')).toThrow(ValidationError);
    expect(() => parseWith(LogRetentionDaysSchema, 10, 'days')).toThrow('days: must be one of 1, 3, 5');
  });
});

describe('environment rules', () => {
  const env = (extra: Record<string, unknown>) => ({ region: 'eu-west-1', ...extra });
  const failure = (value: unknown): ValidationError => {
    try {
      parseWith(EnvironmentSchema, value, 'environments.dev');
    } catch (e) {
      return e as ValidationError;
    }
    throw new Error('expected a ValidationError');
  };

  it.each(['eu-west-1', 'us-gov-west-1', 'cn-north-1', 'eusc-de-east-1', 'mx-central-1', 'us-isob-east-1'])(
    'accepts the region %s',
    (region) => {
      expect(parseWith(EnvironmentSchema, { region }, 'e').region).toBe(region);
    },
  );

  it.each(['eu-west-9', 'us-east-7', 'xx-north-1', 'mars-central-1', 'aws-global', 'EU-WEST-1', 'toString', ''])(
    'refuses the region %j, which does not exist',
    (region) => {
      const err = failure({ region });
      expect(err.field).toBe('environments.dev.region');
      expect(err.message).toContain('[config.region] must be an AWS region code that exists');
    },
  );

  it.each(['project', 'PROJECT', 'Project', 'environment', 'APPLICATION', 'managedby', 'Managedby'])(
    'refuses the tag key %s, a platform tag in some letter case',
    (key) => {
      const err = failure(env({ tags: { [key]: 'x' } }));
      expect(err.field).toBe(`environments.dev.tags.${key}`);
      expect(err.message).toContain('[config.tags.reserved]');
    },
  );

  it(`accepts ${MAX_CONFIG_TAGS} tags and refuses one more (AWS allows ${AWS_TAG_LIMIT} per resource)`, () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`Tag${i}`, `v${i}`]));
    expect(Object.keys(parseWith(EnvironmentSchema, env({ tags: tags(MAX_CONFIG_TAGS) }), 'e').tags)).toHaveLength(46);
    const err = failure(env({ tags: tags(MAX_CONFIG_TAGS + 1) }));
    expect(err.field).toBe('environments.dev.tags');
    expect(err.message).toContain('[config.tags.limit] at most 46 tags');
    expect(err.message).toContain('got 47');
  });

  it.each(['log-platfrom', 'mcp_server', 'Log-Platform', 'demo'])('refuses the misspelt app section %s', (app) => {
    const err = failure(env({ apps: { [app]: {} } }));
    expect(err.field).toBe(`environments.dev.apps.${app}`);
    expect(err.message).toContain('[config.appSection] there is no app');
    expect(err.message).toContain('log-platform, mcp-server');
  });

  it.each([
    ['bucket', { bucket: 'Acme_State' }, 's3.existingBucket'],
    ['bucket', { bucket: 'a' }, 's3.existingBucket'],
    ['bucket', { bucket: 'state"; rm -rf /' }, 's3.existingBucket'],
    ['keyTemplate', { bucket: 'acme-state', keyTemplate: 'state.tfstate' }, 's3.stateKey'],
    ['keyTemplate', { bucket: 'acme-state', keyTemplate: '/{stack}.tfstate' }, 's3.stateKey'],
    ['keyTemplate', { bucket: 'acme-state', keyTemplate: 'a//{stack}' }, 's3.stateKey'],
    ['keyTemplate', { bucket: 'acme-state', keyTemplate: '../{stack}' }, 's3.stateKey'],
    ['keyTemplate', { bucket: 'acme-state', keyTemplate: '{stack}/state file.tfstate' }, 's3.stateKey'],
    ['keyTemplate', { bucket: 'acme-state', keyTemplate: '{stack}/"x".tfstate' }, 's3.stateKey'],
    ['kmsKeyId', { bucket: 'acme-state', kmsKeyId: 'my key' }, 'kms.keyId'],
    ['region', { bucket: 'acme-state', region: 'eu-west-9' }, 'config.region'],
  ])('refuses a backend %s that breaks the rule (%j)', (field, backend, rule) => {
    const err = failure(env({ backend: { type: 's3', ...backend } }));
    expect(err.field).toBe(`environments.dev.backend.${field}`);
    expect(err.message).toContain(`[${rule}]`);
  });

  it.each([
    { bucket: 'acme-tf-state', keyTemplate: 'platform/{stack}/terraform.tfstate' },
    { bucket: 'aws-team.state', keyTemplate: "env-(dev)/{stack}!_*'.tfstate", kmsKeyId: 'alias/terraform-state' },
    { bucket: 'acme-tf-state', kmsKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' },
    { bucket: 'acme-tf-state', kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/mrk-1234567890abcdef1234567890abcdef' },
    { bucket: 'acme-tf-state', kmsKeyId: 'arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/tf' },
  ])('accepts the backend %j', (backend) => {
    expect(parseWith(EnvironmentSchema, env({ backend: { type: 's3', ...backend } }), 'e').backend).toMatchObject(backend);
  });
});
