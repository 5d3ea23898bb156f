'use strict';
// Lists, after every other line of a jest run, the suites skipped because an engine they drive
// is missing (only possible with ALLOW_MISSING_ENGINES=1 outside CI; see src/engines.ts).
// Plain JavaScript so the jest preset can load it before anything is built.
const MARKER = '[skipped, engine missing:';

class SkippedEnginesReporter {
  onRunComplete(_contexts, results) {
    const skipped = new Map();
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        const title = test.ancestorTitles.find((t) => t.includes(MARKER));
        if (title) skipped.set(`${file.testFilePath}: ${title}`, true);
      }
    }
    if (skipped.size === 0) return;
    const lines = [...skipped.keys()].map((s) => `  ${s.replace(process.cwd() + '/', '')}`);
    process.stderr.write(
      `\n${'!'.repeat(72)}\nSKIPPED ${skipped.size} suite(s): an engine is missing and ALLOW_MISSING_ENGINES=1 is set\n${lines.join('\n')}\n${'!'.repeat(72)}\n`,
    );
  }
}

module.exports = SkippedEnginesReporter;
