import { Testing } from 'cdktf';
import { appDefinition, LogPlatformStack } from '../src';
import { envConfig } from './support/synth';

test('appDefinition adds one log-platform-<env> stack per environment', () => {
  const stacks = appDefinition.addStacks(Testing.app(), [envConfig(), { ...envConfig(), name: 'prod' }]);
  expect(appDefinition.name).toBe('log-platform');
  expect(stacks.map((s) => s.node.id)).toEqual(['log-platform-dev', 'log-platform-prod']);
  expect(stacks.every((s) => s instanceof LogPlatformStack)).toBe(true);
});
