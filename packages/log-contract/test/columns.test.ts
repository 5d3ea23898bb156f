import { DEFAULT_COLUMNS, LogSchema } from '../src';

describe('LogSchema (the contract)', () => {
  test('default columns: FireLens metadata, raw log, lifted standard fields', () => {
    const schema = LogSchema.withExtraColumns();
    expect(schema.names).toEqual([
      'container_id',
      'container_name',
      'source',
      'ecs_cluster',
      'ecs_task_arn',
      'ecs_task_definition',
      'log',
      'timestamp',
      'level',
      'message',
      'request_id',
    ]);
    expect(schema.column('timestamp')).toMatchObject({ type: 'timestamp', source: 'lifted', expected: true });
    expect(schema.liftedColumns.map((c) => c.name)).toEqual(['timestamp', 'level', 'message', 'request_id']);
    expect(schema.icebergFields().every((f) => f.required === false)).toBe(true);
  });

  test('extra columns are appended, lifted, and may read another JSON key', () => {
    const schema = LogSchema.withExtraColumns([{ name: 'http_status', type: 'int', sourceKey: 'status', expected: true }]);
    expect(schema.column('http_status')).toEqual({
      name: 'http_status',
      type: 'int',
      source: 'lifted',
      sourceKey: 'status',
      expected: true,
      description: 'Lifted from the application log key "status"',
    });
  });

  test.each([
    [[{ name: 'HttpStatus', type: 'int' }], 'extraColumns.0.name: [logSchema.columnName]'],
    [[{ name: '1st', type: 'string' }], 'extraColumns.0.name: [logSchema.columnName]'],
    [[{ name: 'message', type: 'string' }], 'extraColumns.0.name: [logSchema.uniqueColumns]'],
    [
      [
        { name: 'a', type: 'string' },
        { name: 'a', type: 'long' },
      ],
      'extraColumns.1.name: [logSchema.uniqueColumns]',
    ],
    [[{ name: 'a', type: 'uuid' }], 'extraColumns.0.type: [logSchema.columnType]'],
    [[{ name: 'a', type: 'string', sourceKey: 'a.b' }], 'extraColumns.0.sourceKey: [logSchema.sourceKey]'],
    [[{ name: 'a', type: 'string', sourceKey: '${x}' }], 'extraColumns.0.sourceKey: [logSchema.sourceKey]'],
  ])('refuses %p', (extra, message) => {
    expect(() => LogSchema.parse(extra)).toThrow(message);
  });

  test('a schema without a role column is refused', () => {
    expect(() => new LogSchema(DEFAULT_COLUMNS.filter((c) => c.name !== 'request_id'))).toThrow(
      '[logSchema.roleColumns] the schema needs a "request_id" column',
    );
  });
});
