import { App, Testing } from 'cdktf';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EMULATED_SERVICES, OUTDIR_CONTEXT_KEY, PlatformStack } from '../../src';
import { testEnvironment } from '../helpers';

function synth(config = testEnvironment(), context: Record<string, string> = {}): Record<string, any> {
  const app = Testing.app({ context });
  const stack = new PlatformStack(app, { config, app: 'demo' });
  return JSON.parse(Testing.synth(stack));
}

describe('PlatformStack', () => {
  it('configures region and default tags, with the standard tags winning over config', () => {
    const json = synth(testEnvironment({ tags: { Owner: 'team', Project: 'spoofed' } }));
    expect(json.provider.aws).toEqual([
      {
        region: 'eu-west-1',
        default_tags: [{ tags: { Application: 'demo', Environment: 'dev', ManagedBy: 'cdktf', Owner: 'team', Project: 'acme' } }],
      },
    ]);
  });

  it('points every emulated service at AWS_ENDPOINT_URL in emulator mode', () => {
    const json = synth(testEnvironment({ emulatorEndpoint: 'http://127.0.0.1:5000' }));
    const provider = json.provider.aws[0];
    expect(provider.skip_credentials_validation).toBe(true);
    expect(provider.skip_requesting_account_id).toBe(true);
    expect(provider.skip_metadata_api_check).toBe('true');
    expect(provider.s3_use_path_style).toBe(true);
    const endpoints = provider.endpoints[0];
    expect(Object.keys(endpoints)).toHaveLength(EMULATED_SERVICES.length);
    expect(new Set(Object.values(endpoints))).toEqual(new Set(['http://127.0.0.1:5000']));
    expect(endpoints.s3tables).toBe('http://127.0.0.1:5000');
  });

  it('covers every AWS service whose resources the apps use', () => {
    // Resource type prefixes -> provider endpoint keys; a new service in an app must be added to EMULATED_SERVICES.
    const serviceOf: Record<string, string> = {
      api_gateway: 'apigateway',
      apigatewayv2: 'apigatewayv2',
      athena: 'athena',
      cloudwatch_log: 'cloudwatchlogs',
      cloudwatch_metric: 'cloudwatch',
      cloudwatch_dashboard: 'cloudwatch',
      cognito: 'cognitoidp',
      ecs: 'ecs',
      kinesis_firehose: 'firehose',
      glue: 'glue',
      iam: 'iam',
      kms: 'kms',
      lakeformation: 'lakeformation',
      lambda: 'lambda',
      s3tables: 's3Tables',
      scheduler: 'scheduler',
      s3: 's3',
      sns: 'sns',
      wafv2: 'wafv2',
      caller_identity: 'sts',
      region: 'sts',
      partition: 'sts',
    };
    const repo = path.resolve(__dirname, '../../../..');
    const used = new Set<string>();
    const sources = ['apps', 'packages'].flatMap((dir) =>
      readdirSync(path.join(repo, dir)).map((p) => path.join(repo, dir, p, 'src')),
    );
    for (const src of sources) {
      for (const file of walk(src)) {
        for (const m of readFileSync(file, 'utf8').matchAll(/@cdktf\/provider-aws\/lib\/(?:data-aws-)?([a-z0-9-]+)/g)) {
          if (m[1] === 'provider') continue;
          const type = m[1].replace(/-/g, '_');
          const key = Object.keys(serviceOf).find((k) => type.startsWith(k));
          expect([type, key]).toEqual([type, expect.any(String)]);
          used.add(serviceOf[key!]);
        }
      }
    }
    for (const service of used) expect(EMULATED_SERVICES).toContain(service);
  });

  it('writes a relative local state path that resolves to terraform-state/ at the repository root', () => {
    for (const outdir of ['cdktf.out', 'apps/demo/cdktf.out']) {
      const json = synth(testEnvironment(), { [OUTDIR_CONTEXT_KEY]: outdir });
      const statePath: string = json.terraform.backend.local.path;
      expect(path.isAbsolute(statePath)).toBe(false);
      expect(path.posix.normalize(path.posix.join(outdir, 'stacks', 'demo-dev', statePath))).toBe(
        'terraform-state/demo-dev.tfstate',
      );
    }
  });

  it('uses an encrypted S3 backend with native lock files when configured', () => {
    const json = synth(
      testEnvironment({
        backend: {
          type: 's3',
          bucket: 'acme-state',
          keyTemplate: 'tf/{stack}.tfstate',
          useLockfile: true,
          region: 'eu-central-1',
        },
      }),
    );
    expect(json.terraform.backend).toEqual({
      s3: { bucket: 'acme-state', key: 'tf/demo-dev.tfstate', encrypt: true, region: 'eu-central-1', use_lockfile: true },
    });
  });

  it('names stacks <app>-<env>', () => {
    const app = new App({ outdir: path.join(tmpdir(), 'unused') });
    expect(new PlatformStack(app, { config: testEnvironment({ name: 'prod' }), app: 'demo' }).node.id).toBe('demo-prod');
  });
});

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else if (p.endsWith('.ts')) yield p;
  }
}
