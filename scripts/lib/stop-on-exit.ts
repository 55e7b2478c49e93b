/**
 * Background services a run starts for itself (moto, the test control plane) are daemons: they outlive the
 * process that started them unless it stops them. A `finally` block does that on every ordinary end, but not
 * when the process is killed: Ctrl-C, a CI job's timeout (SIGTERM), a terminal closed (SIGHUP). Then the next
 * run finds a stale emulator on its port, or a control plane it did not start and so will not stop.
 */
import { onExit } from "signal-exit";

/** Stops registered and not yet released, in registration order. */
const pending = new Set<{ what: string; stop: () => void }>();
let unload: (() => void) | null = null;

function runPending(): void {
  for (const { what, stop } of [...pending]) {
    try {
      stop();
    } catch (e) {
      process.stderr.write(`stopping ${what} failed: ${(e as Error).message}\n`);
    }
  }
  pending.clear();
}

/**
 * Runs `stop` if the process ends (on a signal, or an exit from anywhere) before the returned function is
 * called; the returned function removes it again, for the ordinary path that stopped the service itself.
 * `stop` must be synchronous (execFileSync): nothing asynchronous runs once the process is going down. After
 * a signal the process still ends by it (exit status 128 + its number).
 */
export function stopOnExit(what: string, stop: () => void): () => void {
  const entry = { what, stop };
  pending.add(entry);
  unload ??= onExit((_code, signal) => {
    unload = null;
    if (signal === null) return runPending();
    for (const { what: w } of pending) process.stderr.write(`${signal}: stopping ${w}\n`);
    // The stops run after the signal's other listeners, not inside this one. Under the tsx CLI (`npm run
    // prove` is `tsx scripts/prove.ts`) one of them tells the CLI that the signal arrived (without that answer
    // it SIGKILLs this process 30 ms later) and then calls process.exit: the stops then run on 'exit'.
    // Otherwise they run on the next turn of the event loop, and the process ends by the signal, as
    // signal-exit would have ended it.
    process.once("exit", runPending);
    setImmediate(() => {
      runPending();
      process.kill(process.pid, signal);
    });
    return true;
  });
  return () => {
    pending.delete(entry);
    if (pending.size === 0 && unload !== null) {
      unload();
      unload = null;
    }
  };
}
