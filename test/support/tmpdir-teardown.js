/** Jest globalTeardown: removes the run's temporary directory (see tmpdir-setup.js). */
const fs = require("node:fs");

module.exports = async function teardown() {
  const dir = process.env.ORDERBOOK_JEST_TMPDIR;
  if (dir && process.env.ORDERBOOK_JEST_KEEP_TMP !== "1") fs.rmSync(dir, { recursive: true, force: true });
};
