import { compileJava, describeWithEngines, JAVA, VELOCITY, VELOCITY_JARS } from '@aws-log-mcp/testing';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stageVariables, TEMPLATES_DIR, TemplateName } from '../src';
import { MethodRequestParams, renderMappingTemplate } from '../src/emulator';
import { AUTHORIZE_REQUESTS } from './fixtures/authorize-requests';
import { MCP_INTEGRATION_CASES } from './fixtures/mcp-integration';
import { HOSTILE_DCR_CORPUS } from './fixtures/hostile-dcr-corpus';
import { DEPLOY, fixture, mcpClientRegistrations, STAGE_VARIABLES } from './support/harness';
import { APPLICATION_TYPES, POLICIES, REDIRECT_URIS } from './fixtures/redirect-cases';

/**
 * Differential test against Apache Velocity 1.7 on the JVM with Commons Lang 2.6's escapeJavaScript: the same jobs are
 * rendered by the velocityjs-based emulator and by test/java/VelocityReference.java, and the outputs (and any
 * $context.responseOverride.status) must be identical byte for byte. This checks the emulator's Java semantics
 * (String methods, List/array handling, null handling, string literal escapes, whitespace) against the real thing.
 * Needs a JDK and the Velocity jars `npm run setup` downloads from Maven Central; the reference renderer is compiled
 * once per change of its source (cached with the toolchain).
 */

interface Job {
  label: string;
  template?: TemplateName;
  text?: string;
  body: string;
  stageVariables: Record<string, string>;
  params?: MethodRequestParams;
  context?: Record<string, unknown>;
}

function jobs(): Job[] {
  const list: Job[] = [];
  const sv = STAGE_VARIABLES;
  for (const c of HOSTILE_DCR_CORPUS) {
    try {
      JSON.parse(c.body);
    } catch {
      continue;
    }
    list.push({ label: `dcr-request ${c.id}`, template: 'dcr-request', body: c.body, stageVariables: sv });
  }
  for (const f of ['mcp-inspector-registration.json', 'vscode-registration.json']) {
    list.push({ label: `dcr-request ${f}`, template: 'dcr-request', body: JSON.stringify(fixture(f)), stageVariables: sv });
  }
  for (const c of mcpClientRegistrations()) {
    list.push({ label: `dcr-request ${c.label}`, template: 'dcr-request', body: c.body, stageVariables: sv });
  }
  list.push({
    label: 'dcr-request with odd stage variables',
    template: 'dcr-request',
    body: JSON.stringify({ redirect_uris: ['https://a.example.com/cb'], scope: 'b' }),
    stageVariables: { ...sv, scopes: 'a,b,', defaultScopes: '', identityProviders: 'COGNITO,Google', accessTokenValidity: 'x' },
  });
  for (const f of ['cognito-create-user-pool-client-public.json', 'cognito-create-user-pool-client-confidential.json']) {
    list.push({ label: `dcr-response ${f}`, template: 'dcr-response', body: JSON.stringify(fixture(f)), stageVariables: sv });
    for (const clientLifetimeSeconds of ['7776000', '315360000', '0', 'x', '99999999999']) {
      list.push({
        label: `dcr-response ${f} lifetime ${clientLifetimeSeconds}`,
        template: 'dcr-response',
        body: JSON.stringify(fixture(f)),
        stageVariables: { ...sv, clientLifetimeSeconds },
      });
    }
  }
  list.push({
    label: 'authorization-server-metadata with CIMD',
    template: 'authorization-server-metadata',
    body: '{}',
    stageVariables: { ...sv, clientIdMetadataDocumentSupported: 'true' },
  });
  list.push({
    label: 'dcr-response odd values',
    template: 'dcr-response',
    body: JSON.stringify({
      UserPoolClient: {
        ClientId: 'id"1',
        ClientName: "O'Brien \\ é",
        CallbackURLs: ['https://a.example.com/"x"'],
        AllowedOAuthScopes: ["it's"],
      },
    }),
    stageVariables: sv,
  });
  for (const e of fixture<Array<{ body: unknown }>>('cognito-errors.json')) {
    list.push({
      label: `dcr-error ${JSON.stringify(e.body)}`,
      template: 'dcr-error',
      body: JSON.stringify(e.body),
      stageVariables: sv,
    });
  }
  for (const t of ['authorization-server-metadata', 'protected-resource-metadata', 'mock-integration-request'] as const) {
    list.push({ label: t, template: t, body: '{}', stageVariables: sv });
  }
  for (const [name, policy] of Object.entries(POLICIES)) {
    for (const type of APPLICATION_TYPES) {
      list.push({
        label: `dcr-request policy ${name} ${type ?? '(no application_type)'}`,
        template: 'dcr-request',
        body: JSON.stringify({ redirect_uris: REDIRECT_URIS, ...(type ? { application_type: type } : {}) }),
        stageVariables: stageVariables({ ...DEPLOY, redirectPolicy: policy }),
      });
    }
  }
  for (const a of AUTHORIZE_REQUESTS) {
    list.push({
      label: `authorize-redirect ${a.id}`,
      template: 'authorize-redirect',
      body: '{}',
      stageVariables: { ...sv, ...a.stageVariables },
      params: { querystring: a.query },
    });
  }
  for (const m of MCP_INTEGRATION_CASES) {
    if (m.request) {
      list.push({
        label: `mcp-request ${m.id}`,
        template: 'mcp-request',
        body: m.request.body,
        stageVariables: sv,
        params: { header: m.request.headers },
        context: m.request.context,
      });
    }
    if (m.result !== undefined) {
      list.push({ label: `mcp-response ${m.id}`, template: 'mcp-response', body: m.result, stageVariables: sv });
    }
  }
  const escapeProbe = '"$util.escapeJavaScript($input.path(\'$.v\')).replaceAll("\\\\\'","\'")"';
  for (const v of ["it's", "\\'", 'a/b"c\\d\n\t\u0000\u001f\u007f', 'é😀\u2028', "''", '']) {
    list.push({
      label: `escapeJavaScript ${JSON.stringify(v)}`,
      text: escapeProbe,
      body: JSON.stringify({ v }),
      stageVariables: sv,
    });
  }
  const javaProbes = [
    "#set($s = 'a,b,,')$s.split(',').size()",
    "#set($s = '')$s.split(',').size()",
    "#set($s = 'a1b22')$s.replaceAll('[0-9]+', 'x')",
    '#set($l = [])$l.add(1)$l.size()',
    '#set($s = "$!input.path(\'$.a\')")[$s]',
    "[$!input.path('$.missing')][$input.json('$.missing')]",
    "$input.path('$.t').longValue()",
    "#foreach($x in $input.path('$.a'))<$x>#end",
    "$util.urlEncode('a b&c/é')|$util.base64Encode('héllo')",
  ];
  for (const text of javaProbes) {
    list.push({ label: `probe ${text}`, text, body: JSON.stringify({ a: ['x', 'y'], t: 1764167000.412 }), stageVariables: sv });
  }
  return list;
}

describeWithEngines('differential: velocityjs emulator vs Apache Velocity 1.7 on the JVM', [JAVA, VELOCITY], () => {
  const all = jobs();
  let results: Array<{ output?: string; status?: string | null; headers?: Record<string, string>; error?: string }> = [];

  beforeAll(() => {
    const { classpath } = compileJava(path.join(__dirname, 'java', 'VelocityReference.java'), VELOCITY_JARS);
    const input = all
      .map((j) =>
        JSON.stringify({
          ...(j.text !== undefined ? { text: j.text } : { template: path.join(TEMPLATES_DIR, `${j.template}.vtl`) }),
          body: j.body,
          stageVariables: j.stageVariables,
          params: j.params,
          context: j.context,
        }),
      )
      .join('\n');
    const run = spawnSync('java', ['-cp', classpath, 'VelocityReference'], {
      input,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(run.stderr);
    results = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
  });

  test('covers every VTL-processed template and at least 80 inputs', () => {
    expect(all.length).toBeGreaterThanOrEqual(80);
    expect(results).toHaveLength(all.length);
  });

  test.each(all.map((j, i) => [j.label, i] as const))('%s', (_label, i) => {
    const job = all[i];
    const reference = results[i];
    expect(reference.error).toBeUndefined();
    const text = job.text ?? fs.readFileSync(path.join(TEMPLATES_DIR, `${job.template}.vtl`), 'utf8');
    const emulated = renderMappingTemplate(text, {
      body: job.body,
      stageVariables: job.stageVariables,
      params: job.params,
      context: job.context,
    });
    expect(emulated.output).toBe(reference.output);
    expect(emulated.responseOverride.header).toEqual(reference.headers);
    expect(emulated.responseOverride.status === undefined ? null : String(emulated.responseOverride.status)).toBe(
      reference.status,
    );
  });
});
