"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Fill } from "./types";

/** A fill to tell the user about. */
export interface FillNotice {
  readonly key: string;
  readonly fill: Fill;
  /** When it was shown (epoch ms); each notice stays `showMs` from then. */
  readonly shownAt: number;
}

/** Options of {@link useFillNotices}. */
export interface FillNoticeOptions {
  /** How long a notice stays. @default 8000 */
  readonly showMs?: number;
  /** Most notices shown at once; older ones make room. @default 3 */
  readonly max?: number;
}

const keyOf = (f: Fill) => `${f.id}/${f.side}`;

/**
 * Notices for fills that appear after the page loaded, from the refreshed list or pushed (`announce`):
 * the fills the page started with, or saw before by either path, are never announced again.
 */
export function useFillNotices(fills: readonly Fill[] | null, opts: FillNoticeOptions = {}) {
  const { showMs = 8000, max = 3 } = opts;
  const seen = useRef<Set<string> | null>(null);
  const [notices, setNotices] = useState<FillNotice[]>([]);

  useEffect(() => {
    if (fills === null) return;
    if (seen.current === null) {
      seen.current = new Set(fills.map(keyOf));
      return;
    }
    const known = seen.current;
    const fresh = fills.filter((f) => !known.has(keyOf(f)));
    if (fresh.length === 0) return;
    for (const f of fresh) known.add(keyOf(f));
    // Oldest first, so the newest notice ends up last (on top of the stack).
    const added = [...fresh].reverse().map((fill) => ({ key: keyOf(fill), fill, shownAt: Date.now() }));
    setNotices((n) => [...n, ...added].slice(-max));
  }, [fills, max]);

  const dismiss = useCallback((key: string) => setNotices((n) => n.filter((x) => x.key !== key)), []);

  /** Announces a pushed fill unless it was seen already (pushed and listed fills share their key). */
  const announce = useCallback(
    (fill: Fill) => {
      const known = (seen.current ??= new Set());
      if (known.has(keyOf(fill))) return;
      known.add(keyOf(fill));
      setNotices((n) => [...n, { key: keyOf(fill), fill, shownAt: Date.now() }].slice(-max));
    },
    [max]
  );

  // The oldest notice goes first, `showMs` after it appeared, however many came since.
  useEffect(() => {
    const oldest = notices[0];
    if (!oldest) return;
    const timer = setTimeout(() => setNotices((n) => n.filter((x) => x.key !== oldest.key)), Math.max(0, oldest.shownAt + showMs - Date.now()));
    return () => clearTimeout(timer);
  }, [notices, showMs]);

  return { notices, dismiss, announce };
}
