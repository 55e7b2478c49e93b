"use client";
import { useEffect, useRef } from "react";
import { mapFill } from "./api-mappers";
import type { Fill } from "./types";

/** The part of EventSource the page uses; tests pass a scripted one. */
export interface FillSource {
  addEventListener(type: "fill" | "expired", listener: (ev: { data: string }) => void): void;
  close(): void;
}

/** Opens a fill stream; defaults to the browser's EventSource (which reconnects on its own). */
export type FillSourceFactory = (url: string) => FillSource;

const browserSource: FillSourceFactory = (url) => new EventSource(url) as unknown as FillSource;

/**
 * Calls `onFill` for each of the user's fills pushed by the frontend server's relay of the API's private
 * `fills` channel (app/api/fills). Stops for good when the session token expired. Nothing when `url` is null.
 */
export function useFillStream(url: string | null, onFill: (fill: Fill) => void, create: FillSourceFactory = browserSource): void {
  const latest = useRef(onFill);
  latest.current = onFill;
  useEffect(() => {
    if (url === null) return;
    const source = create(url);
    source.addEventListener("fill", (ev) => {
      try {
        latest.current(mapFill(JSON.parse(ev.data)));
      } catch {
        // A garbled event is dropped; the account refresh still lists the fill.
      }
    });
    source.addEventListener("expired", () => source.close());
    return () => source.close();
  }, [url, create]);
}
