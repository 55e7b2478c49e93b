/**
 * Auto-retrying checks on Playwright locators (playwright-core ships no `expect`): each polls until the
 * page shows what is wanted or the timeout passes, then fails with what the page showed last.
 */
import type { Locator } from "playwright-core";

const DEFAULT_MS = 10_000;

async function until(describe: () => Promise<string>, ok: (shown: string) => boolean, wanted: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let shown = "";
  for (;;) {
    try {
      shown = await describe();
      if (ok(shown)) return;
    } catch (err) {
      shown = `<${(err as Error).message.split("\n")[0]}>`;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${wanted}; the page showed: ${shown}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Waits until the locator matches a visible element. */
export async function visible(locator: Locator, timeoutMs = DEFAULT_MS): Promise<void> {
  await locator.first().waitFor({ state: "visible", timeout: timeoutMs });
}

/** Waits until the element's text (trimmed) equals `text`, or each matched element's text equals the list. */
export async function hasText(locator: Locator, text: string | readonly string[], timeoutMs = DEFAULT_MS): Promise<void> {
  const wanted = typeof text === "string" ? [text] : text;
  await until(
    async () => JSON.stringify((await locator.allInnerTexts()).map((t) => t.trim())),
    (shown) => shown === JSON.stringify(wanted),
    `${locator} to read ${JSON.stringify(wanted)}`,
    timeoutMs
  );
}

/** Waits until the element's text contains `text`. */
export async function containsText(locator: Locator, text: string, timeoutMs = DEFAULT_MS): Promise<void> {
  await until(
    async () => (await locator.innerText({ timeout: 1000 })).trim(),
    (s) => s.includes(text),
    `${locator} to contain ${JSON.stringify(text)}`,
    timeoutMs
  );
}

/** Waits until an input's value equals `value`. */
export async function hasValue(locator: Locator, value: string, timeoutMs = DEFAULT_MS): Promise<void> {
  await until(
    () => locator.inputValue({ timeout: 1000 }),
    (v) => v === value,
    `${locator} to hold ${JSON.stringify(value)}`,
    timeoutMs
  );
}
