/**
 * Jest globalSetup: every temporary file or directory the infra tests make (cdktf's Testing.app() makes a
 * `cdktf.outdir.*` per synth and never removes it) goes into one directory per run, which
 * tmpdir-teardown.js removes. Workers are started after this runs and inherit TMPDIR, so os.tmpdir() there
 * answers the run's directory.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

module.exports = async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orderbook-jest-"));
  process.env.ORDERBOOK_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
