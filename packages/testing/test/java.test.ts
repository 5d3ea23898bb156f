import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { compileJava, describeWithEngines, JAVA } from '../src';

describeWithEngines('compileJava', [JAVA], () => {
  const saved = process.env.TOOLCHAIN_CACHE;
  const dir = mkdtempSync(path.join(tmpdir(), 'compile-java-'));
  beforeAll(() => (process.env.TOOLCHAIN_CACHE = path.join(dir, 'cache')));
  afterAll(() => (saved === undefined ? delete process.env.TOOLCHAIN_CACHE : (process.env.TOOLCHAIN_CACHE = saved)));

  function source(name: string, body: string): string {
    const file = path.join(dir, `${name}.java`);
    writeFileSync(file, `public class ${name} { public static void main(String[] a) { ${body} } }\n`);
    return file;
  }

  test('compiles once into the cache, then reuses the classes', () => {
    const file = source('Hello', 'System.out.print("hello");');
    const first = compileJava(file, []);
    expect(first.compiled).toBe(true);
    expect(first.classpath.startsWith(path.join(dir, 'cache', 'java-classes', 'Hello-'))).toBe(true);
    expect(compileJava(file, [])).toEqual({ classpath: first.classpath, compiled: false });
    expect(spawnSync('java', ['-cp', first.classpath, 'Hello'], { encoding: 'utf8' }).stdout).toBe('hello');
  });

  test("a changed source is compiled again; javac's error is thrown and nothing is cached", () => {
    const file = source('Hello', 'int x = "no";');
    expect(() => compileJava(file, [])).toThrow(/javac .*Hello\.java failed:[\s\S]*incompatible types/);
    expect(readdirSync(path.join(dir, 'cache', 'java-classes'))).toHaveLength(1);
  });
});
