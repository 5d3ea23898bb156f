import { spawnSync } from 'child_process';
import * as path from 'path';
import { OAuthClientInformationFullSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import { HOSTILE_DCR_CORPUS } from './fixtures/hostile-dcr-corpus';
import { fixture, mcpClientRegistrations, render, renderJson } from './support/harness';
import { CREATE_USER_POOL_CLIENT_CONSTRAINTS, createUserPoolClientViolations } from '../src/emulator';
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

const cases: Array<{ label: string; body: string; refused?: boolean }> = [
  { label: 'MCP Inspector', body: JSON.stringify(fixture('mcp-inspector-registration.json')) },
  { label: 'VS Code', body: JSON.stringify(fixture('vscode-registration.json')) },
  ...mcpClientRegistrations(),
  ...HOSTILE_DCR_CORPUS.filter((c) => {
    try {
      JSON.parse(c.body);
      return true;
    } catch {
      return false;
    }
  }).map((c) => ({
    label: `corpus ${c.id}${c.expect === 'rejected' ? ' (rendered without the validator)' : ''}`,
    body: c.body,
  })),
];

describeWithEngines('rendered requests against the Cognito API model and moto', [PYTHON_WITH_MOTO], () => {
  let results: CheckResult[] = [];
  let constraints: unknown;
  const requests = cases.map((c) => render('dcr-request', { body: c.body }).output);

  beforeAll(() => {
    const run = spawnSync(enginePath(PYTHON_WITH_MOTO), [path.join(__dirname, 'python', 'cognito_check.py')], {
      input: [JSON.stringify({ constraints: true }), ...requests.map((request) => JSON.stringify({ request }))].join('\n'),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(run.stderr);
    const lines = run.stdout.trim().split('\n');
    constraints = JSON.parse(lines[0]);
    results = lines.slice(1).map((l) => JSON.parse(l) as CheckResult);
  }, 120_000);

  test("the emulator's CreateUserPoolClient constraints are the API model's", () => {
    expect(constraints).toEqual(CREATE_USER_POOL_CLIENT_CONSTRAINTS);
  });

  test('one result per request', () => {
    expect(results).toHaveLength(cases.length);
  });

  test.each(cases.map((c, i) => [c.label, i] as const))('%s', (_label, i) => {
    const result = results[i];
    const sent = JSON.parse(requests[i]) as Record<string, unknown>;
    if ((sent.CallbackURLs as string[])[0] === '') {
      // A refused registration: the empty callback URL is the only thing the model objects to (shorter than 1, and
      // not matching the pattern), so Cognito refuses it and creates nothing; the emulator finds the same.
      expect(result.violations).toEqual([
        'CreateUserPoolClient.CallbackURLs[0]: shorter than 1',
        "CreateUserPoolClient.CallbackURLs[0]: '' does not match [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
      ]);
      expect(result.response).toBeNull();
      const emulated = createUserPoolClientViolations(sent);
      expect(emulated).toHaveLength(2);
      expect(emulated.every((v) => v.includes("at 'callbackURLs.1.member'"))).toBe(true);
      return;
    }
    expect(result.violations).toEqual([]);
    expect(createUserPoolClientViolations(sent)).toEqual([]);
    expect(result.error).toBeNull();
    const registration = renderJson('dcr-response', { body: JSON.stringify(result.response) });
    const parsed = OAuthClientInformationFullSchema.parse(registration);
    expect(parsed.redirect_uris).toEqual(sent.CallbackURLs);
    expect(parsed.client_name).toBe(sent.ClientName);
    expect(parsed.scope).toBe((sent.AllowedOAuthScopes as string[]).join(' '));
    expect(parsed.token_endpoint_auth_method).toBe(sent.GenerateSecret ? 'client_secret_post' : 'none');
    expect(parsed.client_secret === undefined).toBe(!sent.GenerateSecret);
  });
});
