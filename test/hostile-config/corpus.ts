/**
 * The hostile-configuration corpus: configurations a user could hand `npm run synth` that must
 * never reach Terraform as anything but the literal text the user wrote. Each case is a config
 * file (a value, raw text, or raw bytes), optionally environment variables, and its expected
 * outcome:
 * - `refused`: synth exits 1 with one line `synth failed: <field>: ... <rule> ...`, writes
 *   nothing to stdout, and leaves every app's previous output byte for byte as it was;
 * - `literal`: synth succeeds and each listed JSON attribute holds exactly the given text as
 *   Terraform reads it (its HCL rendering is checked against the JSON by synth itself).
 * `hostile-config.test.ts` runs every case through `scripts/synth.js`. Cases marked `reported`
 * are the inputs of the review that found these faults, kept as they were reported.
 */

export type CaseInput =
  { readonly config: unknown } | { readonly text: string } | { readonly bytes: readonly (string | readonly number[])[] };

export interface RefusedCase {
  readonly name: string;
  readonly input: CaseInput;
  readonly env?: Readonly<Record<string, string>>;
  readonly reported?: boolean;
  readonly outcome: 'refused';
  /** The dotted field the error names, exactly. */
  readonly field: string;
  /** The rule it names: a `[rule.id]` where the rule has one, else the rule's words. */
  readonly rule: string;
}

/** A value Terraform must read from a stack's `cdk.tf.json`. */
export interface Literal {
  readonly stack: string;
  /** Path of the attribute in the stack's JSON. */
  readonly path: readonly (string | number)[];
  /** When set, the attribute is JSON text (a Lambda environment value) and this is the path inside it. */
  readonly inJson?: readonly (string | number)[];
  readonly value: string;
}

export interface LiteralCase {
  readonly name: string;
  readonly input: CaseInput;
  readonly outcome: 'literal';
  readonly literals: readonly Literal[];
}

export type HostileCase = RefusedCase | LiteralCase;

const INJECTION = '${file("/etc/passwd")}';

/** A valid configuration that reaches every config field carrying text into Terraform. */
export function baseConfig(): Record<string, any> {
  return {
    project: 'acme',
    environments: {
      dev: {
        region: 'eu-west-1',
        tags: { Owner: 'platform-team' },
        backend: { type: 'local' },
        apps: {
          'log-platform': {
            extraColumns: [{ name: 'tenant', type: 'string', description: 'Tenant id' }],
            demo: { cluster: 'acme-dev', subnets: ['subnet-0123456789abcdef0'] },
          },
          'mcp-server': {
            cognito: { scopes: [{ name: 'mcp', description: 'Use the MCP tools' }] },
            preRegisteredClient: { name: 'vscode', callbackUrls: ['https://vscode.dev/redirect'] },
            logTools: { enabled: true },
          },
        },
      },
    },
  };
}

const ENV = 'environments.dev';
const LP = `${ENV}.apps.log-platform`;
const MCP = `${ENV}.apps.mcp-server`;

/** {@link baseConfig} with the value at `path` replaced (or added). */
function set(path: string, value: unknown): CaseInput {
  const config = baseConfig();
  const keys = path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  // Paths are written as errors name them (`environments.dev.apps.log-platform.demo.cluster`).
  let node: any = config;
  for (const k of keys.slice(0, -1)) node = node[k] ?? (node[k] = {});
  node[keys[keys.length - 1]] = value;
  return { config };
}

/** A refused case whose field is the path it sets. */
function refusedAt(name: string, field: string, value: unknown, rule: string, extra: Partial<RefusedCase> = {}): RefusedCase {
  return { name, input: set(field, value), outcome: 'refused', field, rule, ...extra };
}

/** The base configuration as JSON text with `replace` applied to it, for what a value cannot express. */
function textWith(replace: (json: string) => string): CaseInput {
  return { text: replace(JSON.stringify(baseConfig(), null, 2)) };
}

/** The base configuration as bytes, with `original` replaced by `before`, raw `bytes`, `after`. */
function bytesAround(original: string, before: string, bytes: number[], after: string): CaseInput {
  const [head, tail] = JSON.stringify(baseConfig()).split(original);
  return { bytes: [head + before, bytes, after + tail] };
}

const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`Tag${i}`, `v${i}`]));

export const HOSTILE_CASES: readonly HostileCase[] = [
  // ---- Terraform interpolation and directives (reported) ----
  refusedAt(
    'interpolation in an extra column description',
    `${LP}.extraColumns.0.description`,
    INJECTION,
    'config.text.terraformTemplate',
    { reported: true },
  ),
  refusedAt(
    'interpolation in a scope description',
    `${MCP}.cognito.scopes.0.description`,
    INJECTION,
    'config.text.terraformTemplate',
    { reported: true },
  ),
  refusedAt('interpolation in demo.cluster', `${LP}.demo.cluster`, INJECTION, 'config.text.terraformTemplate', {
    reported: true,
  }),
  refusedAt(
    'directive in an extra column description',
    `${LP}.extraColumns.0.description`,
    '%{ if true }x%{ endif }',
    'config.text.terraformTemplate',
    { reported: true },
  ),
  refusedAt(
    'directive in a scope description',
    `${MCP}.cognito.scopes.0.description`,
    'a %{ for x in [1] }b%{ endfor }',
    'config.text.terraformTemplate',
  ),
  refusedAt('lone directive opener', `${LP}.extraColumns.0.description`, '100%{x}', 'config.text.terraformTemplate'),
  refusedAt('interpolation in a tag value', `${ENV}.tags.Owner`, '${path.root}', 'config.text.terraformTemplate'),
  refusedAt('interpolation in the namespace', `${LP}.namespace`, 'logs${x}', 'config.text.terraformTemplate'),
  refusedAt(
    'interpolation in a callback URL',
    `${MCP}.preRegisteredClient.callbackUrls.0`,
    'https://x.test/${path.cwd}',
    'config.text.terraformTemplate',
  ),
  refusedAt(
    'interpolation in the router image',
    `${LP}.firelens.routerImage`,
    'public.ecr.aws/x/y:${tag}',
    'config.text.terraformTemplate',
  ),
  refusedAt(
    'interpolation in the backend bucket',
    `${ENV}.backend`,
    { type: 's3', bucket: '${var.bucket}' },
    'config.text.terraformTemplate',
    { field: `${ENV}.backend.bucket` },
  ),
  refusedAt(
    'interpolation in the backend key',
    `${ENV}.backend`,
    { type: 's3', bucket: 'acme-state', keyTemplate: '${terraform.workspace}/{stack}' },
    'config.text.terraformTemplate',
    { field: `${ENV}.backend.keyTemplate` },
  ),
  refusedAt(
    'interpolation in the backend KMS key',
    `${ENV}.backend`,
    { type: 's3', bucket: 'acme-state', kmsKeyId: '${aws_kms_key.k.arn}' },
    'config.text.terraformTemplate',
    { field: `${ENV}.backend.kmsKeyId` },
  ),
  refusedAt(
    'interpolation in the pre-registered client name',
    `${MCP}.preRegisteredClient.name`,
    '${file("x")}',
    'config.text.terraformTemplate',
  ),
  refusedAt('interpolation in the app image', `${LP}.demo.appImage`, 'busybox:${x}', 'config.text.terraformTemplate'),
  refusedAt('interpolation in a scope name', `${MCP}.cognito.scopes.0.name`, 'mcp${x}', 'config.text.terraformTemplate'),

  // ---- characters cdktf cannot render, or that hide what a value is ----
  refusedAt(
    'backslash in an extra column description',
    `${LP}.extraColumns.0.description`,
    'C:\\logs\\n',
    'config.text.backslash',
  ),
  refusedAt('backslash in a scope description', `${MCP}.cognito.scopes.0.description`, 'say \\"hi\\"', 'config.text.backslash'),
  refusedAt('NUL in demo.cluster', `${LP}.demo.cluster`, 'acme\u0000dev', 'config.text.control', { reported: true }),
  refusedAt('NUL in a tag value', `${ENV}.tags.Owner`, 'team\u0000', 'config.text.control'),
  refusedAt('NUL in an extra column description', `${LP}.extraColumns.0.description`, 'a\u0000b', 'config.text.control'),
  refusedAt('right-to-left override in demo.cluster', `${LP}.demo.cluster`, 'acme\u202Eved', 'config.text.bidi', {
    reported: true,
  }),
  refusedAt('right-to-left override in the client name', `${MCP}.preRegisteredClient.name`, 'vs\u202Eedoc', 'config.text.bidi'),
  refusedAt(
    'left-to-right isolate in a scope description',
    `${MCP}.cognito.scopes.0.description`,
    'a\u2066b\u2069',
    'config.text.bidi',
  ),
  refusedAt('newline in the pre-registered client name', `${MCP}.preRegisteredClient.name`, 'vs\ncode', 'config.text.control', {
    reported: true,
  }),
  refusedAt('tab in the pre-registered client name', `${MCP}.preRegisteredClient.name`, 'vs\tcode', 'config.text.control'),
  refusedAt('carriage return in a scope description', `${MCP}.cognito.scopes.0.description`, 'a\rb', 'config.text.control'),
  refusedAt('DEL in a tag value', `${ENV}.tags.Owner`, 'team\u007f', 'config.text.control'),
  refusedAt('C1 control (NEL) in a scope description', `${MCP}.cognito.scopes.0.description`, 'a\u0085b', 'config.text.control'),
  {
    name: 'unpaired surrogate in an extra column description',
    input: textWith((t) => t.replace('"Tenant id"', '"Tenant \\ud800 id"')),
    outcome: 'refused',
    field: `${LP}.extraColumns.0.description`,
    rule: 'config.text.surrogate',
  },
  {
    name: 'invalid UTF-8 in demo.cluster',
    input: bytesAround('"acme-dev"', '"acme-', [0xc3, 0x28], '"'),
    outcome: 'refused',
    field: `${LP}.demo.cluster`,
    rule: 'config.utf8',
    reported: true,
  },
  {
    name: 'invalid UTF-8 in the project',
    input: { bytes: ['{"project": "ac', [0xff], '", "environments": {"dev": {"region": "eu-west-1"}}}'] },
    outcome: 'refused',
    field: 'project',
    rule: 'config.utf8',
  },
  {
    name: 'invalid UTF-8 (overlong encoding) in a description',
    input: bytesAround('"Tenant id"', '"Tenant ', [0xc0, 0xaf], ' id"'),
    outcome: 'refused',
    field: `${LP}.extraColumns.0.description`,
    rule: 'config.utf8',
  },
  {
    name: 'right-to-left override in an environment name (a key)',
    input: { config: { project: 'acme', environments: { 'de\u202Ev': { region: 'eu-west-1' } } } },
    outcome: 'refused',
    field: 'environments.de\u202Ev',
    rule: 'config.text.bidi',
  },

  // ---- JSON that JSON.parse would accept and silently change ----
  {
    name: 'duplicate environment keys (the last would win)',
    input: { text: '{"project": "acme", "environments": {"dev": {"region": "eu-west-1"}, "dev": {"region": "us-east-1"}}}' },
    outcome: 'refused',
    field: 'environments.dev',
    rule: 'config.duplicateKey',
    reported: true,
  },
  {
    name: 'duplicate tag keys',
    input: textWith((t) => t.replace('"Owner": "platform-team"', '"Owner": "a", "Owner": "b"')),
    outcome: 'refused',
    field: `${ENV}.tags.Owner`,
    rule: 'config.duplicateKey',
  },
  {
    name: 'duplicate project',
    input: { text: '{"project": "acme", "environments": {"dev": {"region": "eu-west-1"}}, "project": "evil"}' },
    outcome: 'refused',
    field: 'project',
    rule: 'config.duplicateKey',
  },
  {
    name: 'duplicate app sections',
    input: {
      text: '{"project": "acme", "environments": {"dev": {"region": "eu-west-1", "apps": {"log-platform": {}, "log-platform": {"namespace": "x"}}}}}',
    },
    outcome: 'refused',
    field: `${ENV}.apps.log-platform`,
    rule: 'config.duplicateKey',
  },
  {
    name: '__proto__ tag (would be dropped)',
    input: textWith((t) => t.replace('"Owner": "platform-team"', '"Owner": "platform-team", "__proto__": "x"')),
    outcome: 'refused',
    field: `${ENV}.tags.__proto__`,
    rule: 'config.reservedKey',
    reported: true,
  },
  {
    name: '__proto__ inside an app section',
    input: textWith((t) => t.replace('"logTools": {', '"__proto__": {"enabled": true}, "logTools": {')),
    outcome: 'refused',
    field: `${MCP}.__proto__`,
    rule: 'config.reservedKey',
  },
  {
    name: 'trailing comma',
    input: { text: '{"project": "acme",}' },
    outcome: 'refused',
    field: 'platform.json',
    rule: 'config.json',
  },
  {
    name: 'comment',
    input: { text: '// dev\n{"project": "acme"}' },
    outcome: 'refused',
    field: 'platform.json',
    rule: 'config.json',
  },
  { name: 'empty file', input: { text: '' }, outcome: 'refused', field: 'platform.json', rule: 'config.json' },
  { name: 'NaN', input: { text: '{"project": NaN}' }, outcome: 'refused', field: 'platform.json', rule: 'config.json' },
  {
    name: '100,000 nested arrays',
    input: { text: `{"project": "acme", "x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}` },
    outcome: 'refused',
    field: 'platform.json',
    rule: 'config.depth',
  },

  // ---- names that pass PLATFORM_ENVIRONMENTS through the prototype (reported) ----
  ...['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty'].map((name): RefusedCase => ({
    name: `PLATFORM_ENVIRONMENTS=${name}`,
    input: { config: baseConfig() },
    env: { PLATFORM_ENVIRONMENTS: name },
    outcome: 'refused',
    field: 'PLATFORM_ENVIRONMENTS',
    rule: 'config.environments',
    reported: true,
  })),
  {
    name: 'PLATFORM_ENVIRONMENTS naming an environment the file lacks',
    input: { config: baseConfig() },
    env: { PLATFORM_ENVIRONMENTS: 'dev,staging' },
    outcome: 'refused',
    field: 'PLATFORM_ENVIRONMENTS',
    rule: 'config.environments',
  },

  // ---- accepted but wrong (reported) ----
  refusedAt('region that does not exist (eu-west-9)', `${ENV}.region`, 'eu-west-9', 'config.region', { reported: true }),
  refusedAt('region that does not exist (us-east-7)', `${ENV}.region`, 'us-east-7', 'config.region'),
  refusedAt('region of the right shape on no map (mars-north-1)', `${ENV}.region`, 'mars-north-1', 'config.region'),
  refusedAt('pseudo region aws-global', `${ENV}.region`, 'aws-global', 'config.region'),
  refusedAt(
    'backend region that does not exist',
    `${ENV}.backend`,
    { type: 's3', bucket: 'acme-state', region: 'eu-south-7' },
    'config.region',
    { field: `${ENV}.backend.region` },
  ),
  refusedAt('misspelt app section log-platfrom', `${ENV}.apps.log-platfrom`, { namespace: 'x' }, 'config.appSection', {
    reported: true,
  }),
  refusedAt('misspelt app section mcp_server', `${ENV}.apps.mcp_server`, {}, 'config.appSection'),
  ...['project', 'ENVIRONMENT', 'application', 'Managedby', 'Project'].map((key) =>
    refusedAt(`tag key ${key} (a platform tag in another letter case)`, `${ENV}.tags.${key}`, 'x', 'config.tags.reserved', {
      reported: key !== 'Project',
    }),
  ),
  refusedAt("47 tags (46 + the platform's 4 would pass the AWS limit of 50)", `${ENV}.tags`, tags(47), 'config.tags.limit', {
    reported: true,
  }),
  refusedAt('60 tags', `${ENV}.tags`, tags(60), 'config.tags.limit'),

  // ---- field rules where AWS has one ----
  refusedAt('quote in demo.cluster', `${LP}.demo.cluster`, 'acme"dev', 'ecs.cluster'),
  refusedAt('space in demo.cluster', `${LP}.demo.cluster`, 'acme dev', 'ecs.cluster'),
  refusedAt('quote in the router image', `${LP}.firelens.routerImage`, 'public.ecr.aws/x/y:"latest"', 'ecs.image'),
  refusedAt('upper case image path', `${LP}.firelens.routerImage`, 'public.ecr.aws/X/Y:latest', 'ecs.image'),
  refusedAt('space in the app image', `${LP}.demo.appImage`, 'busybox stable', 'ecs.image'),
  refusedAt('quote in a callback URL', `${MCP}.preRegisteredClient.callbackUrls.0`, 'https://x.test/"cb', 'oauth.redirectUri'),
  refusedAt('space in a callback URL', `${MCP}.preRegisteredClient.callbackUrls.0`, 'https://x.test/a b', 'oauth.redirectUri'),
  refusedAt('brace in a logout URL', `${MCP}.preRegisteredClient.logoutUrls`, ['https://x.test/{x}'], 'oauth.redirectUri', {
    field: `${MCP}.preRegisteredClient.logoutUrls.0`,
  }),
  refusedAt(
    'backend bucket with upper case and underscore',
    `${ENV}.backend`,
    { type: 's3', bucket: 'Acme_State' },
    's3.existingBucket',
    { field: `${ENV}.backend.bucket` },
  ),
  refusedAt('backend bucket with a quote', `${ENV}.backend`, { type: 's3', bucket: 'acme"state' }, 's3.existingBucket', {
    field: `${ENV}.backend.bucket`,
  }),
  refusedAt(
    'backend key without {stack} (every stack would share one state)',
    `${ENV}.backend`,
    { type: 's3', bucket: 'acme-state', keyTemplate: 'terraform.tfstate' },
    's3.stateKey',
    { field: `${ENV}.backend.keyTemplate` },
  ),
  refusedAt(
    'backend key with a space',
    `${ENV}.backend`,
    { type: 's3', bucket: 'acme-state', keyTemplate: '{stack}/state file' },
    's3.stateKey',
    { field: `${ENV}.backend.keyTemplate` },
  ),
  refusedAt(
    'backend key climbing out with ..',
    `${ENV}.backend`,
    { type: 's3', bucket: 'acme-state', keyTemplate: '../{stack}' },
    's3.stateKey',
    { field: `${ENV}.backend.keyTemplate` },
  ),
  refusedAt(
    'backend key with a quote',
    `${ENV}.backend`,
    { type: 's3', bucket: 'acme-state', keyTemplate: '{stack}/"x"' },
    's3.stateKey',
    { field: `${ENV}.backend.keyTemplate` },
  ),
  refusedAt(
    'backend KMS key that is no key id, ARN or alias',
    `${ENV}.backend`,
    { type: 's3', bucket: 'acme-state', kmsKeyId: 'my key' },
    'kms.keyId',
    { field: `${ENV}.backend.kmsKeyId` },
  ),
  refusedAt('quote in an extra column name', `${LP}.extraColumns.0.name`, 'a"b', 'logSchema.columnName'),
  refusedAt('dollar in a scope name', `${MCP}.cognito.scopes.0.name`, 'mcp$', 'must be 1-64 of letters, digits and . _ ~ -'),
  refusedAt('quote in the project', 'project', 'acme"; rm -rf /', 'must be 1-20 characters of lowercase letters'),
  refusedAt('10,000-character description', `${LP}.extraColumns.0.description`, 'x'.repeat(10_000), 'Too big'),
  refusedAt('wrong JSON type for the region', `${ENV}.region`, 42, 'expected string'),
  refusedAt('wrong JSON type for tags', `${ENV}.tags`, ['Owner'], 'expected record'),
  refusedAt('number too large for the buffer interval', `${LP}.buffering`, { intervalSeconds: 1e300 }, 'Too big', {
    field: `${LP}.buffering.intervalSeconds`,
  }),
  {
    name: 'the second app fails: the first keeps its previous output',
    input: set(`${MCP}.logRetentionDays`, 10),
    outcome: 'refused',
    field: `${MCP}.logRetentionDays`,
    rule: 'must be one of 1, 3, 5',
    reported: true,
  },

  // ---- accepted: the literal text reaches Terraform ----
  {
    name: 'quotes, dollars, percents and braces in descriptions reach Terraform as written',
    input: (() => {
      const c = baseConfig();
      c.environments.dev.apps['mcp-server'].cognito.scopes[0].description = 'say "hi" for $5 at 100% {now} $HOME';
      c.environments.dev.apps['log-platform'].extraColumns[0].description = 'the "tenant" id: $ { } %s';
      return { config: c };
    })(),
    outcome: 'literal',
    literals: [
      {
        stack: 'mcp-server-dev',
        path: ['resource', 'aws_cognito_resource_server', 'this', 'scope', 0, 'scope_description'],
        value: 'say "hi" for $5 at 100% {now} $HOME',
      },
      {
        stack: 'mcp-server-dev',
        path: ['resource', 'aws_lambda_function', 'tools', 'environment', 'variables', 'MCP_LOG_TOOLS'],
        inJson: ['columns', 11, 2],
        value: 'the "tenant" id: $ { } %s',
      },
    ],
  },
  {
    name: 'letters of any script and a byte order mark',
    input: {
      text:
        '\uFEFF' +
        JSON.stringify({
          ...baseConfig(),
          environments: { dev: { ...baseConfig().environments.dev, tags: { Owner: 'Zürich 東京', 'cost:center': 'a=b+c@d' } } },
        }),
    },
    outcome: 'literal',
    literals: [
      { stack: 'log-platform-dev', path: ['provider', 'aws', 0, 'default_tags', 0, 'tags', 'Owner'], value: 'Zürich 東京' },
      { stack: 'log-platform-dev', path: ['provider', 'aws', 0, 'default_tags', 0, 'tags', 'cost:center'], value: 'a=b+c@d' },
    ],
  },
  {
    name: '46 tags and an S3 backend at the edge of its rules',
    input: (() => {
      const c = baseConfig();
      c.environments.dev.tags = tags(46);
      c.environments.dev.backend = {
        type: 's3',
        bucket: 'aws-team.state',
        keyTemplate: "env-(dev)/{stack}/!_*'.tfstate",
        kmsKeyId: 'alias/tf/state',
      };
      return { config: c };
    })(),
    outcome: 'literal',
    literals: [
      { stack: 'mcp-server-dev', path: ['terraform', 'backend', 's3', 'key'], value: "env-(dev)/mcp-server-dev/!_*'.tfstate" },
      { stack: 'mcp-server-dev', path: ['terraform', 'backend', 's3', 'bucket'], value: 'aws-team.state' },
      { stack: 'log-platform-dev', path: ['provider', 'aws', 0, 'default_tags', 0, 'tags', 'Tag45'], value: 'v45' },
    ],
  },
];
