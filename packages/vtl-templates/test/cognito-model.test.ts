import { spawnSync } from 'child_process';
import * as path from 'path';
import { OAuthClientInformationFullSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import { HOSTILE_DCR_CORPUS } from './fixtures/hostile-dcr-corpus';
import { fixture, render, renderJson } from './support/harness';
import { describeWithEngines, enginePath, PYTHON_WITH_MOTO } from '@aws-log-mcp/testing';

/**
 * Every CreateUserPoolClient request dcr-request.vtl renders is checked against Cognito's own API model (botocore's
 * cognito-idp service model: members, types, bounds, enums, patterns) and sent to moto's Cognito through boto3; the
 * response moto returns is then mapped by dcr-response.vtl and must satisfy the MCP SDK's registration schema.
 * Needs python3 with boto3, moto and regex (the verification pipeline's pinned requirements).
 */

interface CheckResult {
  violations: string[];
  response: { UserPoolClient: Record<string, unknown> } | null;
  error: string | null;
}

const cases: Array<{ label: string; body: string }> = [
  { label: 'MCP Inspector', body: JSON.stringify(fixture('mcp-inspector-registration.json')) },
  { label: 'VS Code', body: JSON.stringify(fixture('vscode-registration.json')) },
  ...HOSTILE_DCR_CORPUS.filter((c) => {
    try {
      JSON.parse(c.body);
      return true;
    } catch {
      return false;
    }
  }).map((c) => ({ label: `corpus ${c.id}${c.expect === 'rejected' ? ' (rendered without the validator)' : ''}`, body: c.body })),
];

describeWithEngines('rendered requests against the Cognito API model and moto', [PYTHON_WITH_MOTO], () => {
  let results: CheckResult[] = [];
  const requests = cases.map((c) => render('dcr-request', { body: c.body }).output);

  beforeAll(() => {
    const run = spawnSync(enginePath(PYTHON_WITH_MOTO), [path.join(__dirname, 'python', 'cognito_check.py')], {
      input: requests.map((request) => JSON.stringify({ request })).join('\n'),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(run.stderr);
    results = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as CheckResult);
  }, 120_000);

  test('one result per request', () => {
    expect(results).toHaveLength(cases.length);
  });

  test.each(cases.map((c, i) => [c.label, i] as const))('%s', (_label, i) => {
    const result = results[i];
    expect(result.violations).toEqual([]);
    expect(result.error).toBeNull();
    const sent = JSON.parse(requests[i]) as Record<string, unknown>;
    const registration = renderJson('dcr-response', { body: JSON.stringify(result.response) });
    const parsed = OAuthClientInformationFullSchema.parse(registration);
    expect(parsed.redirect_uris).toEqual(sent.CallbackURLs);
    expect(parsed.client_name).toBe(sent.ClientName);
    expect(parsed.scope).toBe((sent.AllowedOAuthScopes as string[]).join(' '));
    expect(parsed.token_endpoint_auth_method).toBe(sent.GenerateSecret ? 'client_secret_basic' : 'none');
    expect(parsed.client_secret === undefined).toBe(!sent.GenerateSecret);
  });
});
