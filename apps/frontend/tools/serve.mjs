/**
 * Builds (once) and starts the standalone frontend server for the benchmark and the end-to-end test,
 * exactly as the container runs it: `node server.js` from `.next/standalone`, configured by env at start.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, statSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export const APP_DIR = path.resolve(import.meta.dirname, "..");
export const STANDALONE_APP = path.join(APP_DIR, ".next/standalone/apps/frontend");

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Newest modification time (ms) of the files a build is made from. */
function newestSource() {
  let newest = 0;
  const walk = (p) => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) for (const name of readdirSync(p)) walk(path.join(p, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ["app", "src", "public", "next.config.ts", "package.json", "tsconfig.json"]) walk(path.join(APP_DIR, p));
  return newest;
}

/**
 * Runs `next build` unless a build newer than every source file exists (FRONTEND_REBUILD=1 forces one).
 * Builds are heavy on a shared machine, so an up-to-date build is reused; a fresh clone always builds once.
 */
export function ensureBuild(log = console.error) {
  const buildId = statSync(path.join(APP_DIR, ".next/BUILD_ID"), { throwIfNoEntry: false });
  const fresh = buildId && existsSync(path.join(STANDALONE_APP, "server.js")) && buildId.mtimeMs > newestSource();
  if (fresh && process.env.FRONTEND_REBUILD !== "1") return;
  log("[frontend] next build");
  const build = spawnSync("npx", ["next", "build"], {
    cwd: APP_DIR,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) throw new Error(`next build failed with status ${build.status}`);
}

/** Copies the assets `next build` leaves outside the standalone folder, as the Dockerfile does. */
export function stageAssets() {
  cpSync(path.join(APP_DIR, ".next/static"), path.join(STANDALONE_APP, ".next/static"), { recursive: true });
  if (existsSync(path.join(APP_DIR, "public")))
    cpSync(path.join(APP_DIR, "public"), path.join(STANDALONE_APP, "public"), { recursive: true });
}

async function waitHealthy(url, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`frontend exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`frontend did not answer ${url}/healthz within ${timeoutMs} ms`);
}

/**
 * Starts the built server on a free port with the given runtime env (API_URL, API_PUBLIC_URL, ...).
 * Resolves with its URL and a stop function.
 */
export async function startFrontend(env, log = console.error) {
  ensureBuild(log);
  stageAssets();
  const port = await freePort();
  const child = spawn(process.execPath, ["server.js"], {
    cwd: STANDALONE_APP,
    env: { ...process.env, ...env, PORT: String(port), HOSTNAME: "127.0.0.1", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => process.env.E2E_VERBOSE && log(`[frontend] ${d}`));
  child.stderr.on("data", (d) => log(`[frontend] ${d}`));
  // "localhost", not 127.0.0.1: browsers treat it as a secure context, so Secure session cookies work over http.
  const url = `http://localhost:${port}`;
  await waitHealthy(url, child);
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
