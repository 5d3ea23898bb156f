import { LogRetentionDaysSchema, nameSchema, parseWith, S3_TABLES_NAMESPACE, ValidationError } from '../../src';

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
