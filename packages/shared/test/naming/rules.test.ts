import {
  assertName,
  COGNITO_DOMAIN_PREFIX,
  FIREHOSE_STREAM_NAME,
  IAM_ROLE_NAME,
  NameRule,
  ResourceNames,
  S3_BUCKET_NAME,
  S3_TABLE_BUCKET_NAME,
  S3_TABLES_NAMESPACE,
  S3_TABLES_TABLE,
  shorten,
  ValidationError,
} from '../../src';

const cases: [NameRule, string[], string[]][] = [
  [
    S3_TABLE_BUCKET_NAME,
    ['acme-dev-logs', 'abc', 'a'.repeat(63)],
    ['ab', 'a'.repeat(64), 'Acme', 'acme_logs', '-acme', 'acme-', 'aws-logs', 'xn--logs', 'logs--table-s3', 'acme.logs'],
  ],
  [S3_TABLES_NAMESPACE, ['logs', 'app_logs_2', 'a'], ['', 'Logs', 'app-logs', '_logs', 'logs_', 'aws_logs', 'a'.repeat(256)]],
  [S3_TABLES_TABLE, ['some_api_logs', 'x1'], ['some-api-logs', 'Some', '1_', 'a b', 'a'.repeat(256)]],
  [
    COGNITO_DOMAIN_PREFIX,
    ['acme-dev-mcp', 'a'],
    ['-acme', 'acme-', 'Acme', 'my-aws-login', 'amazonish', 'cognito-x', 'a'.repeat(64), 'a.b'],
  ],
  [IAM_ROLE_NAME, ['acme-dev-firehose', 'a+b=c,d.e@f_g-h', 'a'.repeat(64)], ['', 'a'.repeat(65), 'has space', 'quote"']],
  [FIREHOSE_STREAM_NAME, ['acme-dev.logs_1', 'a'.repeat(64)], ['', 'a'.repeat(65), 'a/b', 'a b']],
  [
    S3_BUCKET_NAME,
    ['acme-dev-errors-123456789012', 'a.b.c'],
    ['a..b', '192.168.1.1', 'Upper', 'x', 'amzn-s3-demo-x', 'x-s3alias'],
  ],
];

describe.each(cases)('%o', (rule, good, bad) => {
  it.each(good)('accepts %s', (name) => expect(assertName(rule, name, 'f')).toBe(name));
  it.each(bad)('rejects %s with the rule named', (name) => {
    expect(() => assertName(rule, name, 'config.field')).toThrow(ValidationError);
    expect(() => assertName(rule, name, 'config.field')).toThrow(`config.field: [${rule.id}]`);
  });
});

describe('ResourceNames', () => {
  const names = new ResourceNames('acme', 'dev', 'logs');

  it('prefixes every name with project, environment and app', () => {
    expect(names.s3TableBucket('tables')).toBe('acme-dev-logs-tables');
    expect(names.firehoseStream('stream')).toBe('acme-dev-logs-stream');
    expect(names.s3Bucket('errors', '${data.aws_caller_identity.current.account_id}')).toBe(
      'acme-dev-logs-errors-${data.aws_caller_identity.current.account_id}',
    );
  });

  it('shortens long IAM role names deterministically to 64 characters', () => {
    const long = new ResourceNames('acme', 'production-eu', 'log-platform').iamRole('firehose-delivery-role-with-a-long-purpose');
    expect(long).toHaveLength(64);
    expect(long).toBe(
      new ResourceNames('acme', 'production-eu', 'log-platform').iamRole('firehose-delivery-role-with-a-long-purpose'),
    );
    expect(shorten('short', 64)).toBe('short');
  });

  it('rejects names a service would refuse, naming the rule', () => {
    expect(() => new ResourceNames('acme', 'dev', 'aws').cognitoDomainPrefix()).toThrow('[cognito.domainPrefix]');
    expect(() => names.cognitoDomainPrefix('My Login')).toThrow('domainPrefix: [cognito.domainPrefix]');
    expect(() => names.s3Bucket('x'.repeat(40), '1')).toThrow('[s3.bucket]');
  });
});
