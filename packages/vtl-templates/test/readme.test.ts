import * as fs from 'fs';
import * as path from 'path';
import { readmeExamples } from './support/readme-examples';

const README = path.join(__dirname, '..', 'README.md');
const BEGIN = '<!-- BEGIN GENERATED: npm run readme -w @aws-log-mcp/vtl-templates -->';
const END = '<!-- END GENERATED -->';

test('README.md shows the current renders of every template (regenerate with `npm run readme`)', () => {
  const readme = fs.readFileSync(README, 'utf8');
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  expect(start).toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  const expected = `${BEGIN}\n\n${readmeExamples()}\n${END}`;
  if (process.env.UPDATE_README === '1') {
    fs.writeFileSync(README, readme.slice(0, start) + expected + readme.slice(end + END.length));
    return;
  }
  expect(readme.slice(start, end + END.length)).toBe(expected);
});
