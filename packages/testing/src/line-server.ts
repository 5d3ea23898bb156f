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

  constructor(command: string, args: readonly string[], options: SpawnOptionsWithoutStdio = {}) {
    this.child = spawn(command, args, options);
    this.child.stderr.on('data', (d) => (this.stderr += d));
    createInterface({ input: this.child.stdout }).on('line', (line) => this.waiting.shift()?.resolve(JSON.parse(line)));
    this.child.on('close', (code) => {
      for (const w of this.waiting.splice(0)) w.reject(new Error(`${command} exited with ${code}: ${this.stderr}`));
    });
  }

  /** Sends `request`; resolves with its answer. */
  request(request: Request): Promise<Response> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  /** Closes the process's stdin and resolves when it has exited. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      this.child.on('close', () => resolve());
      this.child.stdin.end();
    });
  }
}
