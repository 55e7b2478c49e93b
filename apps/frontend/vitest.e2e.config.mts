import path from "node:path";
import { defineConfig } from "vitest/config";

/** End-to-end run: a real browser against the real API, engine and services; one file, no parallelism. */
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "src") } },
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 420_000,
    fileParallelism: false,
    reporters: ["verbose"],
  },
});
