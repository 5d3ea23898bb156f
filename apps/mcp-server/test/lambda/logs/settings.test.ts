import { z } from 'zod';
import { LogToolsSettingsSchema } from '../../../src/lambda/logs/settings';
import { contractSettings } from './contract';

describe('MCP_LOG_TOOLS settings at cold start', () => {
  it('accepts the settings the stack derives from the log contract', () => {
    expect(LogToolsSettingsSchema.safeParse(contractSettings()).success).toBe(true);
  });

  it('takes identifiers only from the contract: a settings file with a hostile column name is refused', () => {
    const settings = contractSettings();
    const hostile = { ...settings, columns: [...settings.columns, ['x" FROM y; --', 'string', '']] };
    expect(LogToolsSettingsSchema.safeParse(hostile).success).toBe(false);
    const badTable = { ...settings, table: { ...settings.table, table: 'logs"; DROP' } };
    expect(LogToolsSettingsSchema.safeParse(badTable).success).toBe(false);
    const badType = { ...settings, columns: [...settings.columns, ['x', 'uuid', '']] };
    expect(LogToolsSettingsSchema.safeParse(badType).success).toBe(false);
    const badRole = { ...settings, roles: { ...settings.roles, level: 'severity' } };
    expect(z.treeifyError(LogToolsSettingsSchema.safeParse(badRole).error!)).toMatchObject({
      properties: { roles: { properties: { level: { errors: ['"severity" is not a column'] } } } },
    });
  });
});
