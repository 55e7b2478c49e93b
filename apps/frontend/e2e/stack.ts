/**
 * Starts the whole exchange for the end-to-end test: PostgreSQL, Redis and Kafka through the repo's
 * scripts (reused when running), then the engine, the API and the built frontend as child processes,
 * all pointed at names unique to this run (database, Redis prefix, Kafka topic prefix) so concurrent
 * runs on the shared services never meet.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
// @ts-expect-error plain ESM helper shared with the benchmark
import { freePort, startFrontend } from "../tools/serve.mjs";

export const REPO = path.resolve(import.meta.dirname, "../../..");
const PG = { host: "127.0.0.1", port: "5432", user: "orderbook", password: "orderbook" };

/** Why the stack cannot run from this checkout, or null when it can. */
export function missingPieces(): string | null {
  const need = [
    ["apps/api/package.json", "the API workspace (apps/api)"],
    ["apps/engine/package.json", "the engine workspace (apps/engine)"],
    ["scripts/services.sh", "scripts/services.sh (PostgreSQL, Redis, Kafka)"],
  ];
  const missing = need.filter(([p]) => !existsSync(path.join(REPO, p))).map(([, what]) => what);
  return missing.length ? `end-to-end test skipped: this checkout lacks ${missing.join(", ")}` : null;
}

/** A running stack. */
export interface Stack {
  readonly runId: string;
  readonly apiUrl: string;
  readonly frontendUrl: string;
  /** Stops the API (graceful, like a rolling restart), leaving everything else up. */
  stopApi(): Promise<void>;
  /** Starts the API again on the same address after {@link Stack.stopApi}. */
  restartApi(): Promise<void>;
  stop(): Promise<void>;
}

type Log = (msg: string) => void;

function psql(sql: string): void {
  execFileSync("psql", ["-h", PG.host, "-p", PG.port, "-U", PG.user, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql], {
    env: { ...process.env, PGPASSWORD: PG.password },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/**
 * The engine's instruments, printed by the API's `instruments:engine` command from the catalog the API
 * synced into the run's database, as the API README tells users to start the engine.
 */
function engineInstruments(tsxBin: string): string {
  return execFileSync(tsxBin, ["src/instruments-cli.ts"], { cwd: path.join(REPO, "apps/api"), encoding: "utf8" }).trim();
}

function tsx(): string {
  const bin = path.join(REPO, "node_modules/.bin/tsx");
  if (!existsSync(bin)) throw new Error(`tsx is not installed at ${bin}; run npm install at the repository root`);
  return bin;
}

function startProcess(name: string, args: string[], cwd: string, env: Record<string, string>, log: Log): ChildProcess {
  const child = spawn(args[0], args.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const tail: string[] = [];
  const keep = (d: Buffer) => {
    for (const line of String(d).split("\n").filter(Boolean)) {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      if (process.env.E2E_VERBOSE) log(`[${name}] ${line}`);
    }
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("exit", (code, signal) => {
    if (code !== 0 && signal !== "SIGTERM") log(`[${name}] exited with ${code ?? signal}; last output:\n${tail.join("\n")}`);
  });
  return child;
}

async function waitFor(url: string, child: ChildProcess, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} not ready at ${url} after ${timeoutMs} ms (${last})`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Starts services, engine, API and frontend; resolves when all answer. */
export async function startStack(log: Log): Promise<Stack> {
  log("[stack] scripts/services.sh start");
  execFileSync("bash", [path.join(REPO, "scripts/services.sh"), "start"], { stdio: ["ignore", "inherit", "inherit"] });

  const runId = `fe${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const database = `frontend_e2e_${runId}`;
  psql(`CREATE DATABASE ${database}`);
  const databaseUrl = `postgres://${PG.user}:${PG.password}@${PG.host}:${PG.port}/${database}`;
  const kafkaPrefix = `${runId}.`;
  const shared = { KAFKA_BROKERS: "127.0.0.1:9092", KAFKA_PREFIX: kafkaPrefix, LOG_LEVEL: "warn" };

  // Stopped in reverse start order: frontend, API, engine.
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
    try {
      psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    } catch {
      // A leftover uniquely named database is harmless.
    }
    rmSync(path.join(tmpdir(), `${runId}-engine-snapshots`), { recursive: true, force: true });
  };

  try {
    const tsxBin = tsx();
    log("[stack] migrating the run's database");
    execFileSync(tsxBin, ["src/migrate-cli.ts"], {
      cwd: path.join(REPO, "apps/api"),
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "ignore", "inherit"],
    });

    // The engine counts integers; its instruments are the API's, converted with the assets' decimals.
    const enginePort = await freePort();
    const engine = startProcess(
      "engine",
      [tsxBin, "src/main.ts"],
      path.join(REPO, "apps/engine"),
      {
        ...shared,
        ENGINE_CLIENT_ID: `${runId}-engine`,
        ENGINE_GROUP_ID: `${runId}-engine`,
        ENGINE_INPUT_TOPIC: `${kafkaPrefix}matching_engine_input`,
        ENGINE_OUTPUT_TOPIC: `${kafkaPrefix}matching_engine_output`,
        ENGINE_ORDERBOOK_TOPIC: `${kafkaPrefix}orderbook_output`,
        ENGINE_TICKER_TOPIC: `${kafkaPrefix}ticker_engine_output`,
        ENGINE_SNAPSHOT_DIR: path.join(tmpdir(), `${runId}-engine-snapshots`),
        ENGINE_HTTP_HOST: "127.0.0.1",
        ENGINE_HTTP_PORT: String(enginePort),
        ENGINE_INSTRUMENTS: engineInstruments(tsxBin),
      },
      log
    );
    stops.push(() => stopProcess(engine));
    await waitFor(`http://127.0.0.1:${enginePort}/readyz`, engine, "engine");

    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    // Fixed for the run, as in a deployment: sessions and stored API keys survive an API restart.
    const jwt = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const apiEnv = {
      ...shared,
      HOST: "127.0.0.1",
      PORT: String(apiPort),
      METRICS_PORT: String(await freePort()),
      DATABASE_URL: databaseUrl,
      MIGRATE_ON_START: "false",
      REDIS_URL: "redis://127.0.0.1:6379",
      REDIS_PREFIX: `${runId}:`,
      KAFKA_CLIENT_ID: `${runId}-api`,
      DEV_DEPOSITS_ENABLED: "true",
      JWT_PRIVATE_KEY: jwt.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      JWT_PUBLIC_KEY: jwt.publicKey.export({ type: "spki", format: "pem" }).toString(),
      API_KEY_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
      // Every browser request reaches the API from the frontend server's address.
      RATE_LIMIT_MAX: "100000",
    };
    const startApi = async () => {
      const child = startProcess("api", [tsxBin, "src/server.ts"], path.join(REPO, "apps/api"), apiEnv, log);
      await waitFor(`${apiUrl}/readyz`, child, "api");
      return child;
    };
    let api = await startApi();
    stops.push(() => stopProcess(api));
    const stopApi = () => stopProcess(api);
    const restartApi = async () => {
      api = await startApi();
    };

    const frontend = await startFrontend({ API_URL: apiUrl, API_PUBLIC_URL: apiUrl, DEV_DEPOSITS: "true" }, log);
    stops.push(() => frontend.stop());
    return { runId, apiUrl, frontendUrl: frontend.url, stopApi, restartApi, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
