/** Locates Debian's chromium, installing it through the repo's script when missing; never downloads a browser. */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/** Flags for a headless, quiet, offline-friendly chromium on a shared CI box. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Path of the chromium binary: CHROME_PATH, else /usr/bin/chromium (installed by scripts/chromium.sh). */
export function chromiumPath() {
  const wanted = process.env.CHROME_PATH || "/usr/bin/chromium";
  if (existsSync(wanted)) return wanted;
  const script = path.resolve(import.meta.dirname, "../../../scripts/chromium.sh");
  return execFileSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}
