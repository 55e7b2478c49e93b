/**
 * `npm run bench:frontend`: Lighthouse (npm) in Debian's chromium against the built trading page.
 * Prints performance and accessibility (goal ≥ 90 / ≥ 95) for the trading page and, as the peer measured
 * in the same run, the app's simplest page (the markets list), with the trading page's ratio to it.
 *
 * The API behind the page is a fixed stand-in (bench/fixture-api.mjs) unless BENCH_API_URL points at a real
 * one, so the score reflects the frontend alone. Reports go to bench-artifacts/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { CHROMIUM_FLAGS, chromiumPath } from "../tools/chromium.mjs";
import { APP_DIR, startFrontend } from "../tools/serve.mjs";
import { startFixtureApi } from "./fixture-api.mjs";

const GOAL = { performance: 90, accessibility: 95 };
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const OUT = path.join(APP_DIR, "bench-artifacts");

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function audit(url, port, formFactor) {
  const flags = { port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] };
  const config = formFactor === "desktop" ? (await import("lighthouse/core/config/desktop-config.js")).default : undefined;
  const result = await lighthouse(url, flags, config);
  const { categories, audits } = result.lhr;
  return {
    performance: Math.round(categories.performance.score * 100),
    accessibility: Math.round(categories.accessibility.score * 100),
    lcpMs: Math.round(audits["largest-contentful-paint"].numericValue),
    tbtMs: Math.round(audits["total-blocking-time"].numericValue),
    cls: Number(audits["cumulative-layout-shift"].numericValue.toFixed(3)),
    failedA11y: Object.values(audits)
      .filter((a) => result.lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id) && a.score === 0)
      .map((a) => a.id),
    report: result.report,
  };
}

async function main() {
  const started = Date.now();
  const fixture = process.env.BENCH_API_URL ? null : await startFixtureApi();
  const apiUrl = process.env.BENCH_API_URL ?? fixture.url;
  const frontend = await startFrontend({ API_URL: apiUrl, API_PUBLIC_URL: apiUrl });
  const chrome = await chromeLauncher.launch({ chromePath: chromiumPath(), chromeFlags: CHROMIUM_FLAGS });
  mkdirSync(OUT, { recursive: true });
  const pages = [
    { name: "trading page", url: `${frontend.url}/trade/BTC-USDT` },
    { name: "markets page (peer)", url: `${frontend.url}/` },
  ];
  const rows = [];
  try {
    for (const formFactor of ["mobile", "desktop"]) {
      for (const page of pages) {
        // Warm the server (first render compiles nothing in production, but fills caches and the JIT).
        await fetch(page.url);
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await audit(page.url, chrome.port, formFactor));
        const pick = (k) => median(runs.map((r) => r[k]));
        const last = runs.at(-1);
        writeFileSync(path.join(OUT, `${formFactor}-${page.name.split(" ")[0]}.json`), last.report);
        rows.push({
          formFactor,
          page: page.name,
          performance: pick("performance"),
          accessibility: pick("accessibility"),
          lcpMs: pick("lcpMs"),
          tbtMs: pick("tbtMs"),
          cls: pick("cls"),
          failedA11y: last.failedA11y.join(",") || "-",
        });
      }
    }
  } finally {
    await chrome.kill();
    await frontend.stop();
    await fixture?.close();
  }

  console.log(`\nLighthouse ${RUNS} run(s) each, median; API: ${fixture ? "fixed stand-in (bench/fixture-api.mjs)" : apiUrl}`);
  console.table(rows);
  for (const formFactor of ["mobile", "desktop"]) {
    const trading = rows.find((r) => r.formFactor === formFactor && r.page === "trading page");
    const peer = rows.find((r) => r.formFactor === formFactor && r.page !== "trading page");
    const ok = trading.performance >= GOAL.performance && trading.accessibility >= GOAL.accessibility;
    console.log(
      `${formFactor}: trading page performance ${trading.performance} (goal ≥ ${GOAL.performance}), ` +
        `accessibility ${trading.accessibility} (goal ≥ ${GOAL.accessibility}); ` +
        `performance ratio to the markets page ${(trading.performance / peer.performance).toFixed(2)}; goal ${ok ? "met" : "NOT met"}`
    );
  }
  console.log(`reports: ${OUT}; took ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
