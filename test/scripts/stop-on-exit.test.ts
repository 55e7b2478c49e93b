import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const HELPER = path.resolve(__dirname, "../../scripts/lib/stop-on-exit.ts");

const TSX_CLI = path.resolve(__dirname, "../../node_modules/.bin/tsx");

/**
 * A child process that registers a stop (it writes `stopped` to a file; `slowStop`: after a second's sleep),
 * prints "ready", then does what `then` says: wait to be killed, release and end normally, or exit(3) without
 * releasing. `viaTsxCli`: launched as `npm run prove` launches prove, by the tsx CLI, which relays signals to
 * the node process it starts and SIGKILLs it when it does not answer within 30 ms.
 */
function child(
  dir: string,
  then: "wait" | "release" | "exit",
  { slowStop = false, viaTsxCli = false } = {},
): { proc: ReturnType<typeof spawn>; marker: string; ready: Promise<void> } {
  const marker = path.join(dir, "stopped");
  const script = path.join(dir, "child.ts");
  fs.writeFileSync(
    script,
    [
      `import { execFileSync } from "node:child_process";`,
      `import * as fs from "node:fs";`,
      `import { stopOnExit } from ${JSON.stringify(HELPER)};`,
      `const release = stopOnExit("the fake service", () => {`,
      slowStop ? `  execFileSync("sleep", ["1"]);` : ``,
      `  fs.writeFileSync(${JSON.stringify(marker)}, "stopped");`,
      `});`,
      `console.log("ready");`,
      then === "wait" ? `setInterval(() => {}, 1000);` : then === "release" ? `release();` : `process.exit(3);`,
    ].join("\n"),
  );
  const [cmd, args] = viaTsxCli ? [TSX_CLI, [script]] : [process.execPath, ["--import", "tsx", script]];
  const proc = spawn(cmd, args, { cwd: path.resolve(__dirname, "../.."), stdio: ["ignore", "pipe", "pipe"] });
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
    proc.on("exit", () => reject(new Error("child ended before it was ready")));
  });
  return { proc, marker, ready };
}

const ended = (proc: ReturnType<typeof spawn>) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal })));

describe("stopOnExit", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "stop-on-exit-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(["SIGTERM", "SIGINT"] as const)("stops the service when the process is killed with %s, and still ends by that signal", async (signal) => {
    const { proc, marker, ready } = child(dir, "wait");
    await ready;
    const end = ended(proc);
    proc.kill(signal);
    expect(await end).toEqual({ code: null, signal });
    expect(fs.readFileSync(marker, "utf8")).toBe("stopped");
  }, 30_000);

  it("finishes a slow stop when the signal reaches the tsx CLI that launched the process (npm run prove)", async () => {
    const { proc, marker, ready } = child(dir, "wait", { slowStop: true, viaTsxCli: true });
    await ready;
    const end = ended(proc);
    proc.kill("SIGTERM");
    const { code, signal } = await end;
    expect(code === 143 || signal === "SIGTERM").toBe(true);
    expect(fs.readFileSync(marker, "utf8")).toBe("stopped");
  }, 30_000);

  it("runs every registered stop on a signal, not only the first", async () => {
    const markers = [path.join(dir, "a"), path.join(dir, "b")];
    const script = path.join(dir, "two.ts");
    fs.writeFileSync(
      script,
      [
        `import * as fs from "node:fs";`,
        `import { stopOnExit } from ${JSON.stringify(HELPER)};`,
        ...markers.map((m, i) => `stopOnExit("service ${i}", () => fs.writeFileSync(${JSON.stringify(m)}, "stopped"));`),
        `console.log("ready");`,
        `setInterval(() => {}, 1000);`,
      ].join("\n"),
    );
    const proc = spawn(process.execPath, ["--import", "tsx", script], { cwd: path.resolve(__dirname, "../.."), stdio: ["ignore", "pipe", "pipe"] });
    await new Promise<void>((resolve) => proc.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()));
    const end = ended(proc);
    proc.kill("SIGTERM");
    expect(await end).toEqual({ code: null, signal: "SIGTERM" });
    for (const m of markers) expect(fs.existsSync(m)).toBe(true);
  }, 30_000);

  it("stops the service on an exit from elsewhere, keeping its status", async () => {
    const { proc, marker } = child(dir, "exit");
    expect(await ended(proc)).toEqual({ code: 3, signal: null });
    expect(fs.existsSync(marker)).toBe(true);
  }, 30_000);

  it("does nothing once released (the ordinary path stopped the service itself)", async () => {
    const { proc, marker } = child(dir, "release");
    expect(await ended(proc)).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(marker)).toBe(false);
  }, 30_000);
});
