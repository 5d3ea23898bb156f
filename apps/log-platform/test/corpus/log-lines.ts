// Log lines as real logging libraries write them, each with the row it must become. The lines
// are written from each library's documented output format (field names, level encodings,
// time formats), not copied from anywhere; expected timestamps come from JavaScript's own
// Date.parse, independent of the shaping code under test.
import { ExtraColumn, LoggerPresetName, LogSchema, RowValue } from '@aws-log-mcp/log-contract';

/** The extra columns the corpus lines fill (one of each type, with the key aliases loggers use). */
export const CORPUS_EXTRA_COLUMNS: readonly ExtraColumn[] = [
  { name: 'user_id', type: 'string', sourceKeys: ['user_id', 'userId', 'user.id'] },
  { name: 'bytes', type: 'long', sourceKeys: ['bytes', 'size'] },
  { name: 'status', type: 'int', sourceKeys: ['status', 'statusCode', 'http.response.status_code'] },
  { name: 'duration_ms', type: 'double', sourceKeys: ['duration_ms', 'latency_ms', 'elapsed_ms'] },
  { name: 'cached', type: 'boolean' },
  { name: 'payload', type: 'string', sourceKeys: ['payload', 'data', 'err'] },
];
export const CORPUS_SCHEMA = LogSchema.withExtraColumns([...CORPUS_EXTRA_COLUMNS]);
/** The FireLens metadata every corpus record carries. */
export const CORPUS_METADATA = { container_name: 'app', source: 'stdout', ecs_cluster: 'acme-dev' } as const;

/** The time the router received every line (the fallback timestamp). */
export const RECEIVED = { sec: 1796032900, nsec: 987654321 };
export const RECEIVED_MICROS = RECEIVED.sec * 1_000_000 + Math.floor(RECEIVED.nsec / 1000);

/** Epoch microseconds of an ISO date-time (milliseconds from Date.parse) plus extra microseconds. */
export const at = (iso: string, extraMicros = 0): number => Date.parse(iso) * 1000 + extraMicros;
const T = '2026-11-30T10:00:00Z';

export type CorpusClass = 'logger' | 'numbers' | 'unicode' | 'structure' | 'not-json' | 'reported';

export interface CorpusLine {
  readonly library: string;
  readonly class: CorpusClass;
  /** Preset the line is shaped with. @default 'default' */
  readonly preset?: LoggerPresetName;
  readonly log: string;
  /** The lifted columns of the row (metadata and `log` are added); `timestamp` omitted = the received time. */
  readonly expect: Readonly<Record<string, RowValue>>;
}

const j = (o: unknown) => JSON.stringify(o);
const errObj = { type: 'Error', message: 'boom', stack: 'Error: boom\n    at f (/app/a.js:1:1)' };
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

export const CORPUS: readonly CorpusLine[] = [
  // pino
  {
    library: 'pino',
    class: 'reported',
    preset: 'pino',
    log: '{"level":30,"time":1764496800123,"pid":7,"hostname":"ip-10-0-0-1","reqId":"req-1","msg":"request completed"}',
    expect: { timestamp: 1764496800123000, level: 'INFO', message: 'request completed', request_id: 'req-1' },
  },
  {
    library: 'pino',
    class: 'logger',
    log: '{"level":30,"time":1796032800123,"pid":7,"hostname":"ip-10-0-0-1","reqId":"req-1","msg":"request completed"}',
    expect: { timestamp: at(T, 123000), level: 'INFO', message: 'request completed', request_id: 'req-1' },
  },
  {
    library: 'pino',
    class: 'logger',
    preset: 'pino',
    log: j({ level: 50, time: 1796032800456, pid: 7, hostname: 'h', err: errObj, msg: 'boom' }),
    expect: { timestamp: at(T, 456000), level: 'ERROR', message: 'boom', payload: j(errObj) },
  },
  {
    library: 'pino',
    class: 'logger',
    preset: 'pino',
    log: '{"level":20,"time":1796032800789,"msg":"cache hit","cached":true,"size":512}',
    expect: { timestamp: at(T, 789000), level: 'DEBUG', message: 'cache hit', cached: true, bytes: 512 },
  },
  {
    library: 'pino',
    class: 'logger',
    preset: 'pino',
    log: '{"level":60,"time":1796032801000,"msg":"fatal shutdown","pid":1}',
    expect: { timestamp: at('2026-11-30T10:00:01Z'), level: 'FATAL', message: 'fatal shutdown' },
  },
  {
    library: 'pino',
    class: 'logger',
    preset: 'pino',
    log: '{"level":10,"time":1796032801001,"msg":"trace detail","req":{"id":42,"method":"GET","url":"/x"}}',
    expect: { timestamp: at('2026-11-30T10:00:01.001Z'), level: 'TRACE', message: 'trace detail', request_id: '42' },
  },
  {
    library: 'pino',
    class: 'logger',
    preset: 'pino',
    log: '{"level":40,"time":1796032801002,"msg":"slow","responseTime":1234.5,"latency_ms":1234.5,"statusCode":200}',
    expect: { timestamp: at('2026-11-30T10:00:01.002Z'), level: 'WARN', message: 'slow', duration_ms: 1234.5, status: 200 },
  },
  {
    library: 'pino',
    class: 'logger',
    preset: 'pino',
    log: '{"level":35,"time":1796032801003,"msg":"custom level"}',
    expect: { timestamp: at('2026-11-30T10:00:01.003Z'), level: '35', message: 'custom level' },
  },
  // bunyan
  {
    library: 'bunyan',
    class: 'logger',
    preset: 'bunyan',
    log: '{"name":"api","hostname":"h","pid":7,"level":30,"req_id":"r-9","msg":"hello","time":"2026-11-30T10:00:00.123Z","v":0}',
    expect: { timestamp: at(T, 123000), level: 'INFO', message: 'hello', request_id: 'r-9' },
  },
  {
    library: 'bunyan',
    class: 'logger',
    log: '{"name":"api","hostname":"h","pid":7,"level":30,"req_id":"r-9","msg":"hello","time":"2026-11-30T10:00:00.123Z","v":0}',
    expect: { timestamp: at(T, 123000), level: 'INFO', message: 'hello', request_id: 'r-9' },
  },
  {
    library: 'bunyan',
    class: 'logger',
    preset: 'bunyan',
    log: '{"name":"api","hostname":"h","pid":7,"level":50,"err":{"message":"db down","name":"Error"},"msg":"db down","time":"2026-11-30T10:00:01.000Z","v":0}',
    expect: {
      timestamp: at('2026-11-30T10:00:01Z'),
      level: 'ERROR',
      message: 'db down',
      payload: '{"message":"db down","name":"Error"}',
    },
  },
  {
    library: 'bunyan',
    class: 'logger',
    preset: 'bunyan',
    log: '{"name":"api","hostname":"h","pid":7,"level":40,"msg":"retry","time":"2026-11-30T10:00:02Z","v":0,"attempt":3}',
    expect: { timestamp: at('2026-11-30T10:00:02Z'), level: 'WARN', message: 'retry' },
  },
  {
    library: 'bunyan',
    class: 'logger',
    preset: 'bunyan',
    log: '{"name":"worker","hostname":"h","pid":9,"level":20,"msg":"job","time":"2026-11-30T10:00:03.5Z","v":0,"bytes":2048}',
    expect: { timestamp: at('2026-11-30T10:00:03.5Z'), level: 'DEBUG', message: 'job', bytes: 2048 },
  },
  {
    library: 'bunyan',
    class: 'logger',
    preset: 'bunyan',
    log: '{"name":"w","hostname":"h","pid":9,"level":60,"msg":"crash","time":"2026-11-30T10:00:04.999Z","v":0}',
    expect: { timestamp: at('2026-11-30T10:00:04.999Z'), level: 'FATAL', message: 'crash' },
  },
  // zap (production JSON encoder: float epoch seconds; development: ISO-8601)
  {
    library: 'zap',
    class: 'logger',
    preset: 'zap',
    log: '{"level":"info","ts":1796032800.123456,"caller":"api/handler.go:42","msg":"served","request_id":"r-2"}',
    expect: { timestamp: at(T, 123456), level: 'INFO', message: 'served', request_id: 'r-2' },
  },
  {
    library: 'zap',
    class: 'logger',
    log: '{"level":"info","ts":1796032800.123456,"caller":"api/handler.go:42","msg":"served","request_id":"r-2"}',
    expect: { timestamp: at(T, 123456), level: 'INFO', message: 'served', request_id: 'r-2' },
  },
  {
    library: 'zap',
    class: 'logger',
    preset: 'zap',
    log: '{"level":"error","ts":1796032800.5,"caller":"x.go:1","msg":"failed","error":"connection refused","stacktrace":"main.f\\n\\t/app/main.go:10"}',
    expect: { timestamp: at(T, 500000), level: 'ERROR', message: 'failed' },
  },
  {
    library: 'zap',
    class: 'logger',
    preset: 'zap',
    log: '{"level":"debug","ts":1796032800,"msg":"tick"}',
    expect: { timestamp: at(T), level: 'DEBUG', message: 'tick' },
  },
  {
    library: 'zap',
    class: 'logger',
    preset: 'zap',
    log: '{"level":"warn","ts":1796032800.000001,"msg":"near"}',
    expect: { timestamp: at(T, 1), level: 'WARN', message: 'near' },
  },
  {
    library: 'zap',
    class: 'logger',
    preset: 'zap',
    log: '{"level":"dpanic","ts":1796032800.25,"msg":"dev panic"}',
    expect: { timestamp: at(T, 250000), level: 'FATAL', message: 'dev panic' },
  },
  {
    library: 'zap',
    class: 'logger',
    preset: 'zap',
    log: '{"level":"info","ts":"2026-11-30T10:00:00.123Z","msg":"development encoder"}',
    expect: { timestamp: at(T, 123000), level: 'INFO', message: 'development encoder' },
  },
  {
    library: 'zap',
    class: 'logger',
    preset: 'zap',
    log: '{"level":"info","ts":1796032800.1234567,"msg":"more digits than microseconds","latency_ms":0.25}',
    expect: { timestamp: at(T, 123456), level: 'INFO', message: 'more digits than microseconds', duration_ms: 0.25 },
  },
  // log/slog JSONHandler
  {
    library: 'slog',
    class: 'logger',
    preset: 'slog',
    log: '{"time":"2026-11-30T11:00:00.123456789+01:00","level":"INFO","msg":"served","request_id":"r-3"}',
    expect: { timestamp: at(T, 123456), level: 'INFO', message: 'served', request_id: 'r-3' },
  },
  {
    library: 'slog',
    class: 'logger',
    log: '{"time":"2026-11-30T11:00:00.123456789+01:00","level":"INFO","msg":"served","request_id":"r-3"}',
    expect: { timestamp: at(T, 123456), level: 'INFO', message: 'served', request_id: 'r-3' },
  },
  {
    library: 'slog',
    class: 'logger',
    preset: 'slog',
    log: '{"time":"2026-11-30T10:00:00Z","level":"WARN","msg":"disk","free_bytes":1024}',
    expect: { timestamp: at(T), level: 'WARN', message: 'disk' },
  },
  {
    library: 'slog',
    class: 'logger',
    preset: 'slog',
    log: '{"time":"2026-11-30T10:00:00Z","level":"ERROR","msg":"failed","err":"EOF"}',
    expect: { timestamp: at(T), level: 'ERROR', message: 'failed', payload: 'EOF' },
  },
  {
    library: 'slog',
    class: 'logger',
    preset: 'slog',
    log: '{"time":"2026-11-30T10:00:00Z","level":"DEBUG-4","msg":"very verbose"}',
    expect: { timestamp: at(T), level: 'DEBUG-4', message: 'very verbose' },
  },
  {
    library: 'slog',
    class: 'logger',
    preset: 'slog',
    log: '{"time":"2026-11-30T10:00:00Z","level":"INFO","msg":"grouped","req":{"method":"GET","status":200},"user":{"id":"u-1"}}',
    expect: { timestamp: at(T), level: 'INFO', message: 'grouped', user_id: 'u-1' },
  },
  {
    library: 'slog',
    class: 'logger',
    preset: 'slog',
    log: '{"time":"2026-11-30T09:00:00-01:00","level":"INFO","msg":"offset west"}',
    expect: { timestamp: at(T), level: 'INFO', message: 'offset west' },
  },
  // logrus JSONFormatter
  {
    library: 'logrus',
    class: 'logger',
    preset: 'logrus',
    log: '{"level":"warning","msg":"slow query","time":"2026-11-30T10:00:00Z","request_id":"r-4"}',
    expect: { timestamp: at(T), level: 'WARN', message: 'slow query', request_id: 'r-4' },
  },
  {
    library: 'logrus',
    class: 'logger',
    log: '{"level":"warning","msg":"slow query","time":"2026-11-30T10:00:00Z","request_id":"r-4"}',
    expect: { timestamp: at(T), level: 'WARN', message: 'slow query', request_id: 'r-4' },
  },
  {
    library: 'logrus',
    class: 'logger',
    preset: 'logrus',
    log: '{"level":"panic","msg":"panic!","time":"2026-11-30T10:00:00+00:00"}',
    expect: { timestamp: at(T), level: 'FATAL', message: 'panic!' },
  },
  {
    library: 'logrus',
    class: 'logger',
    preset: 'logrus',
    log: '{"level":"info","msg":"request","time":"2026-11-30T10:00:00Z","status":404,"duration_ms":12.75}',
    expect: { timestamp: at(T), level: 'INFO', message: 'request', status: 404, duration_ms: 12.75 },
  },
  {
    library: 'logrus',
    class: 'numbers',
    preset: 'logrus',
    log: '{"level":"trace","msg":"t","time":"2026-11-30T10:00:00Z","user_id":12345678901234567890}',
    expect: { timestamp: at(T), level: 'TRACE', message: 't', user_id: '12345678901234567890' },
  },
  {
    library: 'logrus',
    class: 'logger',
    preset: 'logrus',
    log: '{"level":"error","msg":"bad","time":"2026-11-30T10:00:00Z","error":"x","fields.level":"shadowed"}',
    expect: { timestamp: at(T), level: 'ERROR', message: 'bad' },
  },
  // python-json-logger
  {
    library: 'python-json-logger',
    class: 'logger',
    preset: 'python-json',
    log: '{"asctime":"2026-11-30 10:00:00,123","name":"app","levelname":"INFO","message":"started","request_id":"r-5"}',
    expect: { timestamp: at(T, 123000), level: 'INFO', message: 'started', request_id: 'r-5' },
  },
  {
    library: 'python-json-logger',
    class: 'logger',
    log: '{"asctime":"2026-11-30 10:00:00,123","name":"app","levelname":"INFO","message":"started","request_id":"r-5"}',
    expect: { timestamp: at(T, 123000), level: 'INFO', message: 'started', request_id: 'r-5' },
  },
  {
    library: 'python-json-logger',
    class: 'logger',
    preset: 'python-json',
    log: '{"asctime":"2026-11-30 10:00:01,000","name":"app","levelname":"WARNING","message":"deprecated"}',
    expect: { timestamp: at('2026-11-30T10:00:01Z'), level: 'WARN', message: 'deprecated' },
  },
  {
    library: 'python-json-logger',
    class: 'logger',
    preset: 'python-json',
    log: '{"asctime":"2026-11-30 10:00:02,500","name":"app","levelname":"CRITICAL","message":"down","exc_info":"Traceback (most recent call last):\\n  File \\"x.py\\", line 1"}',
    expect: { timestamp: at('2026-11-30T10:00:02.5Z'), level: 'FATAL', message: 'down' },
  },
  {
    library: 'python-json-logger',
    class: 'logger',
    preset: 'python-json',
    log: '{"timestamp":"2026-11-30T10:00:03.000001+00:00","levelname":"DEBUG","message":"with timestamp","name":"app"}',
    expect: { timestamp: at('2026-11-30T10:00:03Z', 1), level: 'DEBUG', message: 'with timestamp' },
  },
  {
    library: 'python-json-logger',
    class: 'logger',
    preset: 'python-json',
    log: '{"created":1796032804.5,"levelname":"ERROR","message":"created only","name":"app"}',
    expect: { timestamp: at('2026-11-30T10:00:04.5Z'), level: 'ERROR', message: 'created only' },
  },
  {
    library: 'python-json-logger',
    class: 'logger',
    preset: 'python-json',
    log: '{"asctime":"2026-11-30 10:00:05,000","levelname":"INFO","message":"user","name":"app","userId":"u-77"}',
    expect: { timestamp: at('2026-11-30T10:00:05Z'), level: 'INFO', message: 'user', user_id: 'u-77' },
  },
  // structlog JSONRenderer
  {
    library: 'structlog',
    class: 'logger',
    preset: 'structlog',
    log: '{"event":"user logged in","level":"info","timestamp":"2026-11-30T10:00:00.123456Z","request_id":"r-6"}',
    expect: { timestamp: at(T, 123456), level: 'INFO', message: 'user logged in', request_id: 'r-6' },
  },
  {
    library: 'structlog',
    class: 'logger',
    log: '{"event":"user logged in","level":"info","timestamp":"2026-11-30T10:00:00.123456Z","request_id":"r-6"}',
    expect: { timestamp: at(T, 123456), level: 'INFO', message: 'user logged in', request_id: 'r-6' },
  },
  {
    library: 'structlog',
    class: 'logger',
    preset: 'structlog',
    log: '{"event":"payment failed","level":"error","timestamp":"2026-11-30T10:00:01Z","amount":12.5,"exception":"Traceback ..."}',
    expect: { timestamp: at('2026-11-30T10:00:01Z'), level: 'ERROR', message: 'payment failed' },
  },
  {
    library: 'structlog',
    class: 'logger',
    preset: 'structlog',
    log: '{"event":"cache","level":"debug","timestamp":"2026-11-30T10:00:02Z","cached":false}',
    expect: { timestamp: at('2026-11-30T10:00:02Z'), level: 'DEBUG', message: 'cache', cached: false },
  },
  {
    library: 'structlog',
    class: 'logger',
    preset: 'structlog',
    log: '{"event":"careful","level":"warning","timestamp":"2026-11-30T10:00:03Z","logger":"app"}',
    expect: { timestamp: at('2026-11-30T10:00:03Z'), level: 'WARN', message: 'careful' },
  },
  {
    library: 'structlog',
    class: 'logger',
    preset: 'structlog',
    log: '{"event":"critical","level":"critical","timestamp":"2026-11-30T10:00:04Z"}',
    expect: { timestamp: at('2026-11-30T10:00:04Z'), level: 'FATAL', message: 'critical' },
  },
  // Serilog CompactJsonFormatter (CLEF)
  {
    library: 'serilog',
    class: 'logger',
    preset: 'serilog-compact',
    log: '{"@t":"2026-11-30T10:00:00.1234567Z","@mt":"Served {Path}","Path":"/health","RequestId":"r-7"}',
    expect: { timestamp: at(T, 123456), level: 'INFO', message: 'Served {Path}', request_id: 'r-7' },
  },
  {
    library: 'serilog',
    class: 'logger',
    log: '{"@t":"2026-11-30T10:00:00.1234567Z","@mt":"Served {Path}","Path":"/health","RequestId":"r-7"}',
    expect: { timestamp: at(T, 123456), level: 'INFO', message: 'Served {Path}', request_id: 'r-7' },
  },
  {
    library: 'serilog',
    class: 'logger',
    preset: 'serilog-compact',
    log: '{"@t":"2026-11-30T10:00:01.0000000Z","@mt":"Failed {Id}","@l":"Error","@x":"System.Exception: boom","Id":5}',
    expect: { timestamp: at('2026-11-30T10:00:01Z'), level: 'ERROR', message: 'Failed {Id}' },
  },
  {
    library: 'serilog',
    class: 'logger',
    preset: 'serilog-compact',
    log: '{"@t":"2026-11-30T10:00:02Z","@m":"Rendered 5 items","@i":"a1b2c3d4","@l":"Warning"}',
    expect: { timestamp: at('2026-11-30T10:00:02Z'), level: 'WARN', message: 'Rendered 5 items' },
  },
  {
    library: 'serilog',
    class: 'logger',
    preset: 'serilog-compact',
    log: '{"@t":"2026-11-30T10:00:03Z","@mt":"Verbose {X}","@l":"Verbose","X":1}',
    expect: { timestamp: at('2026-11-30T10:00:03Z'), level: 'TRACE', message: 'Verbose {X}' },
  },
  {
    library: 'serilog',
    class: 'logger',
    preset: 'serilog-compact',
    log: '{"@t":"2026-11-30T10:00:04Z","@mt":"Fatal","@l":"Fatal"}',
    expect: { timestamp: at('2026-11-30T10:00:04Z'), level: 'FATAL', message: 'Fatal' },
  },
  {
    library: 'serilog',
    class: 'logger',
    preset: 'serilog-compact',
    log: '{"@t":"2026-11-30T10:00:05+02:00","@m":"offset","@mt":"offset"}',
    expect: { timestamp: at('2026-11-30T08:00:05Z'), level: 'INFO', message: 'offset' },
  },
  // Elastic Common Schema loggers
  {
    library: 'ecs-logging',
    class: 'logger',
    preset: 'ecs',
    log: '{"@timestamp":"2026-11-30T10:00:00.123Z","log.level":"info","message":"served","ecs.version":"1.6.0"}',
    expect: { timestamp: at(T, 123000), level: 'INFO', message: 'served' },
  },
  {
    library: 'ecs-logging',
    class: 'logger',
    log: '{"@timestamp":"2026-11-30T10:00:00.123Z","log.level":"info","message":"served","ecs.version":"1.6.0"}',
    expect: { timestamp: at(T, 123000), level: 'INFO', message: 'served' },
  },
  {
    library: 'ecs-logging',
    class: 'logger',
    preset: 'ecs',
    log: '{"@timestamp":"2026-11-30T10:00:01Z","log":{"level":"error","logger":"app"},"message":"failed","ecs.version":"8.11.0","http":{"request":{"id":"req-ecs-1"},"response":{"status_code":503}}}',
    expect: { timestamp: at('2026-11-30T10:00:01Z'), level: 'ERROR', message: 'failed', request_id: 'req-ecs-1', status: 503 },
  },
  {
    library: 'ecs-logging',
    class: 'logger',
    log: '{"@timestamp":"2026-11-30T10:00:02Z","log.level":"WARN","message":"slow","event":{"duration":1500000000},"ecs.version":"1.6.0"}',
    expect: { timestamp: at('2026-11-30T10:00:02Z'), level: 'WARN', message: 'slow' },
  },
  {
    library: 'ecs-logging',
    class: 'logger',
    preset: 'ecs',
    log: '{"@timestamp":"2026-11-30T10:00:03Z","log.level":"debug","message":"dotted and nested","user.id":"u-5","ecs.version":"1.6.0"}',
    expect: { timestamp: at('2026-11-30T10:00:03Z'), level: 'DEBUG', message: 'dotted and nested', user_id: 'u-5' },
  },
  {
    library: 'ecs-logging',
    class: 'logger',
    preset: 'ecs',
    log: '{"@timestamp":"2026-11-30T10:00:04.000000001Z","log.level":"trace","message":"ns","ecs.version":"1.6.0"}',
    expect: { timestamp: at('2026-11-30T10:00:04Z'), level: 'TRACE', message: 'ns' },
  },
  {
    library: 'ecs-logging',
    class: 'logger',
    preset: 'ecs',
    log: '{"@timestamp":"2026-11-30T10:00:05Z","log.level":"fatal","message":"dead","error":{"type":"java.lang.OutOfMemoryError","message":"heap"},"ecs.version":"1.6.0"}',
    expect: { timestamp: at('2026-11-30T10:00:05Z'), level: 'FATAL', message: 'dead' },
  },
  // log4j2 JsonLayout
  {
    library: 'log4j2',
    class: 'logger',
    preset: 'log4j2-json',
    log: '{"instant":{"epochSecond":1796032800,"nanoOfSecond":123456789},"thread":"main","level":"INFO","loggerName":"app.Main","message":"started","contextMap":{"requestId":"r-8"}}',
    expect: { timestamp: at(T, 123456), level: 'INFO', message: 'started', request_id: 'r-8' },
  },
  {
    library: 'log4j2',
    class: 'logger',
    log: '{"instant":{"epochSecond":1796032800,"nanoOfSecond":123456789},"thread":"main","level":"INFO","loggerName":"app.Main","message":"started","contextMap":{"requestId":"r-8"}}',
    expect: { timestamp: at(T, 123456), level: 'INFO', message: 'started' },
  },
  {
    library: 'log4j2',
    class: 'logger',
    preset: 'log4j2-json',
    log: '{"timeMillis":1796032801234,"thread":"pool-1","level":"ERROR","loggerName":"app.Db","message":"query failed","thrown":{"name":"java.sql.SQLException","message":"timeout"}}',
    expect: { timestamp: at('2026-11-30T10:00:01.234Z'), level: 'ERROR', message: 'query failed' },
  },
  {
    library: 'log4j2',
    class: 'logger',
    preset: 'log4j2-json',
    log: '{"instant":{"epochSecond":1796032802,"nanoOfSecond":0},"thread":"main","level":"WARN","message":"w"}',
    expect: { timestamp: at('2026-11-30T10:00:02Z'), level: 'WARN', message: 'w' },
  },
  {
    library: 'log4j2',
    class: 'logger',
    preset: 'log4j2-json',
    log: '{"instant":{"epochSecond":1796032803,"nanoOfSecond":999999999},"thread":"main","level":"DEBUG","message":"d"}',
    expect: { timestamp: at('2026-11-30T10:00:03Z', 999999), level: 'DEBUG', message: 'd' },
  },
  {
    library: 'log4j2',
    class: 'logger',
    preset: 'log4j2-json',
    log: '{"instant":{"epochSecond":1796032804,"nanoOfSecond":1000},"thread":"main","level":"TRACE","message":"t","endOfBatch":false}',
    expect: { timestamp: at('2026-11-30T10:00:04Z', 1), level: 'TRACE', message: 't' },
  },
  // zerolog (default preset)
  {
    library: 'zerolog',
    class: 'logger',
    log: '{"level":"info","time":"2026-11-30T10:00:00Z","message":"hello from zerolog"}',
    expect: { timestamp: at(T), level: 'INFO', message: 'hello from zerolog' },
  },
  {
    library: 'zerolog',
    class: 'logger',
    log: '{"level":"error","error":"fail","time":1796032800,"message":"unix time"}',
    expect: { timestamp: at(T), level: 'ERROR', message: 'unix time' },
  },
  {
    library: 'zerolog',
    class: 'logger',
    log: '{"level":"debug","time":1796032800123,"message":"unix ms"}',
    expect: { timestamp: at(T, 123000), level: 'DEBUG', message: 'unix ms' },
  },
  {
    library: 'zerolog',
    class: 'numbers',
    log: '{"level":"warn","request_id":"z-1","time":"2026-11-30T10:00:00Z","message":"w","bytes":"1024"}',
    expect: { timestamp: at(T), level: 'WARN', message: 'w', request_id: 'z-1', bytes: 1024 },
  },
  // winston json format (default preset)
  {
    library: 'winston',
    class: 'logger',
    log: '{"level":"info","message":"winston says hi","timestamp":"2026-11-30T10:00:00.000Z"}',
    expect: { timestamp: at(T), level: 'INFO', message: 'winston says hi' },
  },
  {
    library: 'winston',
    class: 'logger',
    log: '{"level":"error","message":"winston error","timestamp":"2026-11-30T10:00:01.000Z","stack":"Error: x\\n    at y"}',
    expect: { timestamp: at('2026-11-30T10:00:01Z'), level: 'ERROR', message: 'winston error' },
  },
  {
    library: 'winston',
    class: 'structure',
    log: '{"message":"no level or time","service":"api"}',
    expect: { message: 'no level or time' },
  },
  {
    library: 'winston',
    class: 'logger',
    log: '{"level":"http","message":"GET /","timestamp":"2026-11-30T10:00:02Z"}',
    expect: { timestamp: at('2026-11-30T10:00:02Z'), level: 'http', message: 'GET /' },
  },
  // numbers
  {
    library: 'any',
    class: 'reported',
    log: '{"timestamp":"2026-11-30T10:00:00Z","level":"INFO","message":"charged","request_id":123456789012345}',
    expect: { timestamp: at(T), level: 'INFO', message: 'charged', request_id: '123456789012345' },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"message":"2^31","bytes":2147483648,"status":2147483647}',
    expect: { message: '2^31', bytes: 2147483648, status: 2147483647 },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"message":"2^31 does not fit int","status":2147483648}',
    expect: { message: '2^31 does not fit int' },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"message":"2^53","bytes":9007199254740992}',
    expect: { message: '2^53', bytes: 9007199254740992 },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"message":"2^53+1","bytes":9007199254740993,"request_id":9007199254740993}',
    expect: { message: '2^53+1', request_id: '9007199254740993' },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"message":"2^63","bytes":9223372036854775808,"request_id":9223372036854775808}',
    expect: { message: '2^63', request_id: '9223372036854775808' },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"message":"negative","bytes":-9007199254740992,"status":-2147483648,"duration_ms":-12.5}',
    expect: { message: 'negative', bytes: -9007199254740992, status: -2147483648, duration_ms: -12.5 },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"message":"exponents","bytes":1e3,"duration_ms":1.5e-3,"request_id":6.02e23}',
    expect: { message: 'exponents', bytes: 1000, duration_ms: 0.0015, request_id: '6.02e23' },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"message":"minus zero","bytes":-0,"duration_ms":-0,"request_id":-0}',
    expect: { message: 'minus zero', bytes: 0, duration_ms: 0, request_id: '-0' },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"message":"decimals","duration_ms":0.1,"status":200.0,"bytes":12.5}',
    expect: { message: 'decimals', duration_ms: 0.1, status: 200 },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"message":"17 digits","duration_ms":0.30000000000000004}',
    expect: { message: '17 digits', duration_ms: 0.3 },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"message":"big double","duration_ms":1e300,"bytes":1e400}',
    expect: { message: 'big double', duration_ms: 1e300 },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"message":"numeric strings","bytes":"9007199254740993","status":"404","duration_ms":"3.25","cached":"true"}',
    expect: { message: 'numeric strings', status: 404, duration_ms: 3.25, cached: true },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"message":"not numbers","bytes":"0x1F","status":"12abc","duration_ms":"NaN","cached":"yes"}',
    expect: { message: 'not numbers' },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"message":"leading zeros are not JSON numbers","bytes":"007"}',
    expect: { message: 'leading zeros are not JSON numbers' },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"message":"numbers as written","request_id":1.0,"user_id":1.50}',
    expect: { message: 'numbers as written', request_id: '1.0', user_id: '1.50' },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"timestamp":1796032800123456,"message":"epoch micros"}',
    expect: { timestamp: at(T, 123456), message: 'epoch micros' },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"timestamp":1796032800123456789,"message":"epoch nanos"}',
    expect: { timestamp: at(T, 123456), message: 'epoch nanos' },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"timestamp":"1796032800","message":"numeric string seconds"}',
    expect: { timestamp: at(T), message: 'numeric string seconds' },
  },
  {
    library: 'any',
    class: 'numbers',
    log: '{"timestamp":-1.5,"message":"before the epoch"}',
    expect: { timestamp: -1500000, message: 'before the epoch' },
  },
  // unicode and escapes
  {
    library: 'any',
    class: 'unicode',
    log: '{"message":"naïve café 日本語 🎉","level":"info"}',
    expect: { message: 'naïve café 日本語 🎉', level: 'INFO' },
  },
  {
    library: 'any',
    class: 'unicode',
    log: '{"message":"\\u00e9\\u65e5\\ud83c\\udf89","level":"info"}',
    expect: { message: 'é日🎉', level: 'INFO' },
  },
  {
    library: 'any',
    class: 'unicode',
    log: '{"message":"say \\"hi\\" \\\\ back\\\\slash","request_id":"a\\"b"}',
    expect: { message: 'say "hi" \\ back\\slash', request_id: 'a"b' },
  },
  {
    library: 'any',
    class: 'unicode',
    log: '{"message":"tab\\there\\nnewline\\r\\u0000nul","level":"info"}',
    expect: { message: 'tab\there\nnewline\r\u0000nul', level: 'INFO' },
  },
  {
    library: 'any',
    class: 'unicode',
    log: '{"message":"lone \\ud800 surrogate","level":"info"}',
    expect: { message: 'lone \ufffd surrogate', level: 'INFO' },
  },
  {
    library: 'any',
    class: 'unicode',
    log: '{"message":"slash \\/ escaped","user_id":"ü-ß"}',
    expect: { message: 'slash / escaped', user_id: 'ü-ß' },
  },
  // structure
  {
    library: 'any',
    class: 'structure',
    log: '{"message":{"text":"obj","n":1},"payload":[1,"two",null,true,{"k":[]}]}',
    expect: { message: '{"text":"obj","n":1}', payload: '[1,"two",null,true,{"k":[]}]' },
  },
  {
    library: 'any',
    class: 'structure',
    log: '{"message":true,"request_id":false,"user_id":null,"payload":null}',
    expect: { message: 'true', request_id: 'false' },
  },
  {
    library: 'any',
    class: 'structure',
    log: '{"message":null,"msg":"from msg","level":null,"severity":"ERROR"}',
    expect: { message: 'from msg', level: 'ERROR' },
  },
  {
    library: 'any',
    class: 'structure',
    log: '{"message":"first","message":"second","level":"info","level":"error"}',
    expect: { message: 'second', level: 'ERROR' },
  },
  {
    library: 'any',
    class: 'structure',
    log: '{ "message" : "spaced" , "payload" : { "a" : [ 1 , 2 ] } }',
    expect: { message: 'spaced', payload: '{ "a" : [ 1 , 2 ] }' },
  },
  { library: 'any', class: 'structure', log: '{"unrelated":1}', expect: {} },
  { library: 'any', class: 'structure', log: '{}', expect: {} },
  { library: 'any', class: 'structure', log: '[{"message":"an array, not an object"}]', expect: {} },
  { library: 'any', class: 'structure', log: '{"message":"x"} trailing', expect: {} },
  {
    library: 'any',
    class: 'structure',
    log: j({ message: 'x'.repeat(100_000), level: 'info' }),
    expect: { message: 'x'.repeat(100_000), level: 'INFO' },
  },
  { library: 'any', class: 'structure', log: `{"message":"too deep","payload":${deep(600)}}`, expect: {} },
  {
    library: 'any',
    class: 'structure',
    log: `{"message":"deep but fine","payload":${deep(100)}}`,
    expect: { message: 'deep but fine', payload: deep(100) },
  },
  // not JSON: the raw line lands, nothing is lifted
  {
    library: 'nginx',
    class: 'not-json',
    log: '10.0.0.1 - - [30/Nov/2026:10:00:00 +0000] "GET /health HTTP/1.1" 200 2',
    expect: {},
  },
  {
    library: 'java',
    class: 'not-json',
    log: 'Exception in thread "main" java.lang.IllegalStateException: x\n\tat app.Main.run(Main.java:10)\n\tat app.Main.main(Main.java:3)',
    expect: {},
  },
  {
    library: 'python',
    class: 'not-json',
    log: 'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\n    main()\nValueError: bad',
    expect: {},
  },
  {
    library: 'go',
    class: 'not-json',
    log: 'panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:8 +0x1d',
    expect: {},
  },
];
