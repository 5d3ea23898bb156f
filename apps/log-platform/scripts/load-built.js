'use strict';
// The npm scripts compile the package before running these command-line tools; this loads the
// compiled module and, when dist/ is missing, says how to build it instead of a stack trace.
module.exports = function loadBuilt(modulePath, command) {
  try {
    return require(modulePath);
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(modulePath)) {
      process.stderr.write(`${command}: apps/log-platform is not built; run "npm run build -w apps/log-platform" first\n`);
      process.exit(2);
    }
    throw e;
  }
};
