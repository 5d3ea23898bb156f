import { toIamStatement, ValidationError } from '../../src';

describe('toIamStatement', () => {
  it('renders a statement in IAM JSON shape', () => {
    expect(
      toIamStatement({
        sid: 'Put',
        actions: ['firehose:PutRecordBatch'],
        resources: ['arn:aws:firehose:eu-west-1:1:deliverystream/x'],
      }),
    ).toEqual({
      Sid: 'Put',
      Effect: 'Allow',
      Action: 'firehose:PutRecordBatch',
      Resource: 'arn:aws:firehose:eu-west-1:1:deliverystream/x',
    });
  });

  it.each([
    [{ actions: ['s3:*'], resources: ['arn:aws:s3:::b'] }, '[iam.noWildcardActions]'],
    [{ actions: ['*'], resources: ['arn:aws:s3:::b'] }, '[iam.noWildcardActions]'],
    [{ actions: ['s3:GetObject'], resources: ['*'] }, '[iam.noWildcardResources]'],
    [{ actions: [], resources: ['arn:aws:s3:::b'] }, '[iam.actions]'],
    [{ actions: ['s3:GetObject'], resources: [] }, '[iam.resources]'],
    [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/"x'] }, '[iam.noQuotesOrBackslashes]'],
    [
      { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b'], conditions: { StringLike: { 's3:prefix': 'a\\b' } } },
      '[iam.noQuotesOrBackslashes]',
    ],
  ])('refuses %o', (statement, rule) => {
    expect(() => toIamStatement(statement, 'role.policy[0]')).toThrow(ValidationError);
    expect(() => toIamStatement(statement, 'role.policy[0]')).toThrow(rule);
  });

  it('allows a wildcard resource only with a written reason, and broad Deny statements', () => {
    expect(
      toIamStatement({
        actions: ['lakeformation:GetDataAccess'],
        resources: ['*'],
        wildcardReason: 'no resource-level permissions',
      }).Resource,
    ).toBe('*');
    expect(toIamStatement({ effect: 'Deny', actions: ['s3:*'], resources: ['*'] }).Effect).toBe('Deny');
  });
});
