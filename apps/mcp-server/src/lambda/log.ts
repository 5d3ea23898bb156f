/** Severity of a structured log line; `silent` switches logging off (tests, benchmarks). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Receives each finished log line (without the trailing newline). */
export type LogSink = (line: string) => void;

/**
 * One JSON object per line, so CloudWatch Logs Insights can filter on fields
 * (`level`, `requestId`, `rpcMethod`, `status`) without parsing free text.
 */
export class Logger {
  constructor(
    private readonly level: LogLevel = 'info',
    private readonly sink: LogSink = (line) => process.stdout.write(`${line}\n`),
    private readonly base: Readonly<Record<string, unknown>> = {},
  ) {}

  /** A logger that adds `fields` to every line, e.g. the request id. */
  child(fields: Record<string, unknown>): Logger {
    return new Logger(this.level, this.sink, { ...this.base, ...fields });
  }

  debug(msg: string, fields?: Record<string, unknown>): void {
    this.write('debug', msg, fields);
  }

  info(msg: string, fields?: Record<string, unknown>): void {
    this.write('info', msg, fields);
  }

  warn(msg: string, fields?: Record<string, unknown>): void {
    this.write('warn', msg, fields);
  }

  error(msg: string, fields?: Record<string, unknown>): void {
    this.write('error', msg, fields);
  }

  private write(level: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>): void {
    if (RANK[level] < RANK[this.level]) return;
    this.sink(JSON.stringify({ level, time: new Date().toISOString(), msg, ...this.base, ...fields }));
  }
}

/** Reads a level name, falling back to `info` for anything unknown rather than failing a cold start. */
export function parseLogLevel(value: string | undefined): LogLevel {
  const v = (value ?? '').toLowerCase();
  return v in RANK ? (v as LogLevel) : 'info';
}

/** Error details for logs only; responses never carry them. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { message: String(error) };
}
