import * as path from 'node:path';
import { z } from 'zod';
import { loadPlatformConfig, parseAppSection, ValidationError } from '../../src';
import { configRoot, testEnvironment } from '../helpers';

const valid = {
  project: 'acme',
  environments: {
    dev: { region: 'eu-west-1', tags: { Owner: 'team' }, apps: { 'log-platform': { namespace: 'app_logs' } } },
    prod: { region: 'us-east-1', backend: { type: 's3', bucket: 'acme-tf-state' } },
  },
};

function loadError(content: unknown, env: Record<string, string> = {}): ValidationError {
  try {
    loadPlatformConfig({ rootDir: configRoot(content), env });
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected loadPlatformConfig to throw');
}

describe('loadPlatformConfig', () => {
  it('reads every environment with defaults applied', () => {
    const root = configRoot(valid);
    const envs = loadPlatformConfig({ rootDir: root, env: {} });
    const configFile = path.join(root, 'config', 'platform.json');
    expect(envs).toEqual([
      {
        project: 'acme',
        name: 'dev',
        region: 'eu-west-1',
        tags: { Owner: 'team' },
        backend: { type: 'local' },
        apps: { 'log-platform': { namespace: 'app_logs' } },
        configFile,
      },
      {
        project: 'acme',
        name: 'prod',
        region: 'us-east-1',
        tags: {},
        backend: { type: 's3', bucket: 'acme-tf-state', keyTemplate: '{stack}/terraform.tfstate', useLockfile: true },
        apps: {},
        configFile,
      },
    ]);
  });

  it('loads the checked-in example configuration', () => {
    const envs = loadPlatformConfig({ rootDir: path.resolve(__dirname, '../../../..'), env: {} });
    expect(envs.map((e) => e.name)).toEqual(['dev']);
  });

  it('filters environments with PLATFORM_ENVIRONMENTS and rejects unknown names', () => {
    const root = configRoot(valid);
    expect(loadPlatformConfig({ rootDir: root, env: { PLATFORM_ENVIRONMENTS: ' prod ' } }).map((e) => e.name)).toEqual(['prod']);
    const err = loadError(valid, { PLATFORM_ENVIRONMENTS: 'dev,staging' });
    expect(err.field).toBe('PLATFORM_ENVIRONMENTS');
    expect(err.message).toContain('"staging"');
  });

  it.each(['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'])(
    'checks PLATFORM_ENVIRONMENTS names as own properties: %s is not an environment',
    (name) => {
      const err = loadError(valid, { PLATFORM_ENVIRONMENTS: name });
      expect(err.field).toBe('PLATFORM_ENVIRONMENTS');
      expect(err.message).toContain(`[config.environments] names environment "${name}"`);
    },
  );

  it('switches on emulator mode from AWS_ENDPOINT_URL, without a trailing slash', () => {
    const [dev] = loadPlatformConfig({ rootDir: configRoot(valid), env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:5000/' } });
    expect(dev.emulatorEndpoint).toBe('http://127.0.0.1:5000');
    expect(loadError(valid, { AWS_ENDPOINT_URL: 'not a url' }).field).toBe('AWS_ENDPOINT_URL');
    expect(loadError(valid, { AWS_ENDPOINT_URL: 'ftp://x' }).rule).toBe('must use http or https');
  });

  it.each([
    ['a bad region', { ...valid, environments: { dev: { region: 'Europe' } } }, 'environments.dev.region', 'AWS region code'],
    ['an unknown key', { ...valid, environments: { dev: { region: 'eu-west-1', regoin: 'x' } } }, 'environments.dev', 'regoin'],
    ['no environments', { project: 'acme', environments: {} }, 'environments', 'at least one environment'],
    ['a bad project token', { ...valid, project: 'Acme Corp' }, 'project', 'lowercase letters'],
    [
      'a reserved tag key',
      { ...valid, environments: { dev: { region: 'eu-west-1', tags: { 'aws:x': 'y' } } } },
      'environments.dev.tags.aws:x',
      'reserved',
    ],
    [
      'an s3 backend without bucket',
      { ...valid, environments: { dev: { region: 'eu-west-1', backend: { type: 's3' } } } },
      'environments.dev.backend.bucket',
      '',
    ],
    ['a wrong JSON type', { ...valid, environments: { dev: { region: 42 } } }, 'environments.dev.region', 'string'],
  ])('names the field and rule for %s', (_name, content, field, rule) => {
    const err = loadError(content);
    expect(err.field).toBe(field);
    expect(err.message).toContain(rule);
  });

  it('reports unreadable and non-JSON files', () => {
    expect(loadError('{ "project": ').message).toMatch(
      /^platform\.json: \[config\.json\] must be valid JSON .*Unexpected end of input/,
    );
    try {
      loadPlatformConfig({ rootDir: configRoot(valid), env: { PLATFORM_CONFIG: 'missing.json' } });
      throw new Error('expected a throw');
    } catch (e) {
      expect((e as ValidationError).field).toBe('PLATFORM_CONFIG');
      expect((e as Error).message).toContain('missing.json');
    }
  });
});

describe('parseAppSection', () => {
  const schema = z.object({ size: z.number().int().min(1).default(1) }).strict();

  it('applies defaults to an absent section', () => {
    expect(parseAppSection(testEnvironment(), 'demo', schema)).toEqual({ size: 1 });
  });

  it('names the app field path on failure', () => {
    expect(() => parseAppSection(testEnvironment({ apps: { demo: { size: 0 } } }), 'demo', schema)).toThrow(
      /^environments\.dev\.apps\.demo\.size: /,
    );
  });
});
