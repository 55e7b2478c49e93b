/** Infra tests only; each app under apps/ runs its own tests through its workspace. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  testTimeout: 120000,
  // One temporary directory per run, removed at the end (ORDERBOOK_JEST_KEEP_TMP=1 keeps it).
  globalSetup: "<rootDir>/test/support/tmpdir-setup.js",
  globalTeardown: "<rootDir>/test/support/tmpdir-teardown.js",
};
