import { LogPlatformStack } from '@aws-log-mcp/log-platform';
import { McpServerStack } from '@aws-log-mcp/mcp-server';
import { EnvironmentConfig, PlatformStack } from '@aws-log-mcp/shared';
import { MCP_SERVER_ADDRESS_REMOVALS } from '@aws-log-mcp/mcp-server';
import { synthHcl, Template } from '@aws-log-mcp/testing';
import { Testing } from 'cdktf';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { VARIANTS } from './variants';

/**
 * The state contract: the complete list of resource addresses of every stack, per configuration.
 * Terraform knows deployed resources by these addresses; a change here is a change of what an
 * existing deployment's plan does, and is reviewed like an API change. A renamed address ships
 * with a `moved` block (the stack's address moves), so a plan moves the resource instead of
 * destroying it and creating an empty one. The previous release's hashed addresses are in
 * `fixtures/hashed-addresses.json`; every one of them must be moved to a declared address, or to
 * an address the stack forgets (a `removed` block with destroy = false: the object stays in AWS).
 */
type App = keyof typeof VARIANTS;
const CONTRACT = JSON.parse(readFileSync(path.join(__dirname, 'state-contract.json'), 'utf8')) as Record<
  App,
  Record<string, string[]>
>;
const HASHED = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'hashed-addresses.json'), 'utf8')) as Record<
  App,
  Record<string, string[]>
>;

// Addresses forgotten on upgrade (removed blocks with destroy = false); the log platform has none.
const REMOVALS: Record<App, Readonly<Record<string, string>>> = {
  'log-platform': {},
  'mcp-server': MCP_SERVER_ADDRESS_REMOVALS,
};

const build = (app: App, config: EnvironmentConfig): PlatformStack =>
  app === 'log-platform' ? new LogPlatformStack(Testing.app(), { config }) : new McpServerStack(Testing.app(), { config });

const cases = (Object.keys(VARIANTS) as App[]).flatMap((app) =>
  Object.entries(VARIANTS[app]).map(([variant, config]) => [app, variant, config] as const),
);

describe.each(cases)('%s stack, %s configuration', (app, variant, config) => {
  const t = Template.synth(build(app, config()));

  it('declares exactly the addresses of the state contract (test/state-contract.json)', () => {
    const actual = t.addresses();
    if (JSON.stringify(actual) !== JSON.stringify(CONTRACT[app][variant])) {
      process.stderr.write(
        `state contract of ${app} (${variant}) changed; if intended, update test/state-contract.json and ship a moved block for every renamed address:\n${JSON.stringify(actual, null, 2)}\n`,
      );
    }
    expect(actual).toEqual(CONTRACT[app][variant]);
  });

  it('moves every address the previous release deployed to one it declares or forgets, without changing its type', () => {
    const moved = t.moved();
    expect(moved.map((m) => m.from).sort()).toEqual(HASHED[app][variant]);
    const declared = new Set(t.addresses());
    const forgotten = new Set(t.forgotten());
    for (const { from, to } of moved) {
      expect([from, declared.has(to) || forgotten.has(to)]).toEqual([from, true]);
      expect(to.split('.')[0]).toBe(from.split('.')[0]);
    }
    expect(new Set(moved.map((m) => m.to)).size).toBe(moved.length);
  });

  it('forgets (removed, destroy = false) exactly the addresses of the src/addresses.ts removals, none of them declared', () => {
    const declared = new Set(t.addresses());
    expect(t.forgotten()).toEqual(Object.keys(REMOVALS[app]).sort());
    for (const address of t.forgotten()) expect([address, declared.has(address)]).toEqual([address, false]);
  });

  it('writes every depends_on entry as a bare address (Terraform refuses an interpolation there in JSON)', () => {
    const bad = Object.entries((t.json.resource ?? {}) as Record<string, Record<string, { depends_on?: string[] }>>).flatMap(
      ([type, byName]) =>
        Object.entries(byName).flatMap(([name, r]) =>
          (r.depends_on ?? [])
            .filter((d) => !/^[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*$/.test(d))
            .map((d) => `${type}.${name}: ${d}`),
        ),
    );
    expect(bad).toEqual([]);
  });

  it('writes no literal partition into an ARN, in the JSON or the HCL rendering', () => {
    expect(JSON.stringify(t.json)).not.toMatch(/arn:aws(-[a-z-]+)?:/);
    expect(synthHcl(() => build(app, config()))).not.toMatch(/arn:aws(-[a-z-]+)?:/);
  });
});
