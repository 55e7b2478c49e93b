/**
 * Background services a run starts for itself (moto, the test control plane) are daemons: they outlive the
 * process that started them unless it stops them. A `finally` block does that on every ordinary end, but not
 * when the process is killed: Ctrl-C, a CI job's timeout (SIGTERM), a terminal closed (SIGHUP). Then the next
 * run finds a stale emulator on its port, or a control plane it did not start and so will not stop.
 */
import { onExit } from "signal-exit";

/**
 * Runs `stop` if the process ends (on a signal, or an exit from anywhere) before the returned function is
 * called; the returned function removes it again, for the ordinary path that stopped the service itself.
 * `stop` must be synchronous (execFileSync): nothing asynchronous runs once the process is going down. A
 * signal is raised again after `stop`, so the process still ends with it (exit status 128 + its number).
 */
export function stopOnExit(what: string, stop: () => void): () => void {
  return onExit((_code, signal) => {
    if (signal !== null) process.stderr.write(`${signal}: stopping ${what}\n`);
    try {
      stop();
    } catch (e) {
      process.stderr.write(`stopping ${what} failed: ${(e as Error).message}\n`);
    }
  });
}
