'use strict';
// The app registry shared by the root cdktf app (cdktf.json) and scripts/synth.js.
// Each app package exports an `AppDefinition` ({ name, addStacks }) as `appDefinition`.
const APP_PACKAGES = {
  'log-platform': '@aws-log-mcp/log-platform',
  'mcp-server': '@aws-log-mcp/mcp-server',
};

function loadAppDefinition(name) {
  const pkg = APP_PACKAGES[name];
  if (!pkg) {
    throw new Error(`unknown app "${name}" (known: ${Object.keys(APP_PACKAGES).join(', ')})`);
  }
  try {
    return require(pkg).appDefinition;
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(pkg)) {
      throw new Error(`${pkg} is not built; run "npm run build" (or "npm run synth", which builds first)`);
    }
    throw e;
  }
}

module.exports = { APP_PACKAGES, loadAppDefinition };
