/**
 * Opaque paging cursors: the sort key of the last row of a page (time, id, and for the caller's trades the
 * side, since a self-trade is listed once per side). The next page starts strictly after that key, so rows
 * that share a millisecond are neither skipped nor repeated.
 */
export interface CursorKey {
  /** Epoch milliseconds; every time the API stores comes in whole milliseconds. */
  readonly ms: number;
  readonly id: string;
  readonly side?: string;
}

/** The cursor text for the row `key`. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.ms, key.id, key.side ?? ''])).toString('base64url');
}

/** The key of a cursor, or undefined when the text is not one this API issued. */
export function decodeCursor(text: string): CursorKey | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 3) return undefined;
    const [ms, id, side] = v;
    if (!Number.isSafeInteger(ms) || ms < 0 || typeof id !== 'string' || id.length === 0 || id.length > 128 || typeof side !== 'string') return undefined;
    return side ? { ms, id, side } : { ms, id };
  } catch {
    return undefined;
  }
}
