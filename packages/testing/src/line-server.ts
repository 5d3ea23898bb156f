import { ChildProcessWithoutNullStreams, spawn, SpawnOptionsWithoutStdio } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A child process that answers JSON requests, one a line on its stdin, with one JSON line each on
 * its stdout, in order. For tests that run one program many times: a server that keeps its
 * interpreter (Node, Python) and libraries loaded serves each case without a process start.
 * `request` rejects when the process exits with requests still unanswered, naming its exit code
 * and what it printed on stderr.
 */
export class JsonLineServer<Request, Response> {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: { resolve: (r: Response) => void; reject: (e: Error) => void }[] = [];
  private stderr = '';

  private failure?: Error;

  constructor(command: string, args: readonly string[], options: SpawnOptionsWithoutStdio = {}) {
    this.child = spawn(command, args, options);
    this.child.stderr.on('data', (d) => (this.stderr += d));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      let answer: Response;
      try {
        answer = JSON.parse(line) as Response;
      } catch {
        // A stray line would pair every later answer with the wrong request: nothing is trusted after it.
        this.fail(new Error(`${command} printed a line that is not JSON: ${line.slice(0, 200)}`));
        this.child.kill('SIGKILL');
        return;
      }
      this.waiting.shift()?.resolve(answer);
    });
    this.child.on('error', (error) => this.fail(new Error(`${command}: ${error.message}`)));
    this.child.stdin.on('error', (error) => this.fail(new Error(`${command}: stdin: ${error.message}: ${this.stderr}`)));
    this.child.on('close', (code, signal) => this.fail(new Error(`${command} exited with ${code ?? signal}: ${this.stderr}`)));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiting.splice(0)) w.reject(this.failure);
  }

  /** Sends `request`; resolves with its answer, rejects at once when the process has failed or exited. */
  request(request: Request): Promise<Response> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.waiting.push({ resolve, reject });
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  /** Closes the process's stdin and resolves when it has exited (killed after `graceMs`). */
  close(graceMs = 10_000): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      this.child.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.stdin.end();
    });
  }
}
