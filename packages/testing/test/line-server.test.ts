import { JsonLineServer } from '../src';

/** A Node child that answers each JSON line by `script` (a function body of `req`). */
const server = (script: string) =>
  new JsonLineServer<Record<string, unknown>, Record<string, unknown>>(process.execPath, [
    '-e',
    `require('readline').createInterface({ input: process.stdin }).on('line', (l) => { const req = JSON.parse(l); ${script} });`,
  ]);

describe('JsonLineServer', () => {
  test('answers requests in order', async () => {
    const s = server('process.stdout.write(JSON.stringify({ n: req.n * 2 }) + "\\n");');
    await expect(Promise.all([1, 2, 3].map((n) => s.request({ n })))).resolves.toEqual([{ n: 2 }, { n: 4 }, { n: 6 }]);
    await s.close();
  });

  test('a line that is not JSON fails the waiting request and every later one, naming the line', async () => {
    const s = server('process.stdout.write(req.n === 1 ? "oops, not json\\n" : JSON.stringify({ ok: true }) + "\\n");');
    await expect(s.request({ n: 1 })).rejects.toThrow('printed a line that is not JSON: oops, not json');
    await expect(s.request({ n: 2 })).rejects.toThrow('not JSON');
    await s.close();
  });

  test('a request after the process exited is refused at once with its exit code and stderr', async () => {
    const s = server('process.stderr.write("bye"); process.exit(3);');
    await expect(s.request({ n: 1 })).rejects.toThrow(/exited with 3: bye/);
    await expect(s.request({ n: 2 })).rejects.toThrow(/exited with 3: bye/);
    await s.close();
  });

  test('close kills a process that does not exit when its stdin ends', async () => {
    const s = new JsonLineServer(process.execPath, ['-e', 'process.stdin.resume(); setInterval(() => {}, 1000);']);
    await expect(s.close(200)).resolves.toBeUndefined();
  });
});
