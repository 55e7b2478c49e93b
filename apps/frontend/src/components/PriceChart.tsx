"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { CANDLE_INTERVALS, withLiveTrades, type Candle, type CandleInterval } from "@/lib/candles";
import { formatPrice, groupThousands } from "@/lib/format";
import type { ActionResult, Trade } from "@/lib/types";

/** Fetches candles of a symbol from the API (a server action in the app). */
export type LoadCandles = (symbol: string, interval: CandleInterval) => Promise<ActionResult<Candle[]>>;

/** Props of {@link PriceChart}. */
export interface PriceChartProps {
  readonly symbol: string;
  /** The market's recent trades, newest first; pushed trades update the last candle at once. */
  readonly trades: readonly Trade[];
  readonly loadCandles: LoadCandles;
  readonly priceDecimals: number;
  /** @default "1m" */
  readonly initialInterval?: CandleInterval;
  /** After trades arrive, the API's candles are reloaded this much later (the API is the record). @default 3000 */
  readonly reloadDelayMs?: number;
}

type ChartHandle = { setData: (c: readonly Candle[]) => void; dispose: () => void };

const INTERVAL_LABEL: Record<CandleInterval, string> = { "1m": "one-minute", "5m": "five-minute", "1h": "hourly", "1d": "daily" };
const UP = "#26a69a";
const DOWN = "#ef5350";

/**
 * Candlestick chart with volume bars, from the API's candles (1m, 5m, 1h, 1d), drawn by lightweight-charts.
 * Pushed trades fold into the latest candle right away; the candles are reloaded shortly after, so the
 * picture converges on what the API stored. The library loads after first paint (dynamic import), so the
 * ladder and form are interactive before the chart arrives.
 */
export function PriceChart({ symbol, trades, loadCandles, priceDecimals, initialInterval = "1m", reloadDelayMs = 3000 }: PriceChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartHandle | null>(null);
  const [ready, setReady] = useState(false);
  const [interval, setIntervalChoice] = useState<CandleInterval>(initialInterval);
  const [loaded, setLoaded] = useState<{ interval: CandleInterval; candles: Candle[]; since: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latestTrades = useRef(trades);
  latestTrades.current = trades;

  const load = useCallback(
    async (which: CandleInterval) => {
      // Trades the page knew when asking are in the answer; later ones are folded in on top.
      const since = latestTrades.current[0]?.time ?? 0;
      const res = await loadCandles(symbol, which).catch(() => null);
      if (res?.ok) {
        setLoaded({ interval: which, candles: res.value, since });
        setError(null);
      } else {
        setError(res?.message ?? "Could not load the chart");
      }
    },
    [symbol, loadCandles]
  );

  useEffect(() => {
    void load(interval);
  }, [interval, load]);

  // New trades: reload the stored candles a moment later (debounced over bursts).
  const newest = trades[0]?.id;
  useEffect(() => {
    if (newest === undefined) return;
    const timer = setTimeout(() => void load(interval), reloadDelayMs);
    return () => clearTimeout(timer);
  }, [newest, interval, load, reloadDelayMs]);

  const candles = useMemo(() => {
    if (!loaded || loaded.interval !== interval) return [];
    return withLiveTrades(loaded.candles, trades, CANDLE_INTERVALS[interval], loaded.since);
  }, [loaded, trades, interval]);

  useEffect(() => {
    let disposed = false;
    void import("lightweight-charts").then(({ createChart, CandlestickSeries, HistogramSeries, ColorType }) => {
      if (disposed || !host.current) return;
      const c = createChart(host.current, {
        autoSize: true,
        layout: { background: { type: ColorType.Solid, color: "transparent" }, textColor: "#9aa4b2", attributionLogo: false },
        grid: { vertLines: { color: "#1c2330" }, horzLines: { color: "#1c2330" } },
        rightPriceScale: { borderColor: "#2a3340", scaleMargins: { top: 0.08, bottom: 0.26 } },
        // Room right of the last candle and a fixed bar width, so a young market's few candles sit readably.
        timeScale: { borderColor: "#2a3340", timeVisible: true, secondsVisible: false, rightOffset: 6, barSpacing: 10 },
        localization: { priceFormatter: (p: number) => groupThousands(p.toFixed(priceDecimals)) },
        crosshair: { mode: 0 },
      });
      const price = c.addSeries(CandlestickSeries, { upColor: UP, downColor: DOWN, wickUpColor: UP, wickDownColor: DOWN, borderVisible: false });
      // Volume bars on their own scale in the bottom fifth, under the candles.
      const volume = c.addSeries(HistogramSeries, { priceScaleId: "volume", priceFormat: { type: "volume" }, lastValueVisible: false, priceLineVisible: false });
      c.priceScale("volume").applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
      chart.current = {
        setData: (data) => {
          price.setData(data.map((d) => ({ time: d.time as never, open: d.open, high: d.high, low: d.low, close: d.close })));
          volume.setData(data.map((d) => ({ time: d.time as never, value: d.volume, color: d.close >= d.open ? `${UP}80` : `${DOWN}80` })));
        },
        dispose: () => c.remove(),
      };
      setReady(true);
    });
    return () => {
      disposed = true;
      chart.current?.dispose();
      chart.current = null;
    };
  }, [priceDecimals]);

  useEffect(() => {
    if (ready) chart.current?.setData(candles);
  }, [ready, candles]);

  const last = candles.at(-1);
  const summary = last
    ? `${symbol} ${INTERVAL_LABEL[interval]} candles; latest open ${formatPrice(String(last.open), priceDecimals)}, high ${formatPrice(String(last.high), priceDecimals)}, low ${formatPrice(String(last.low), priceDecimals)}, close ${formatPrice(String(last.close), priceDecimals)}`
    : `${symbol} chart: no trades in this range`;
  return (
    <section className="panel chart" aria-labelledby="chart-title">
      <div className="panel-head">
        <h2 id="chart-title" className="panel-title">
          Price <span className="muted">({interval})</span>
        </h2>
        <div className="segmented interval-choice" role="group" aria-label="Candle interval">
          {(Object.keys(CANDLE_INTERVALS) as CandleInterval[]).map((i) => (
            <button key={i} type="button" className={`seg${i === interval ? " seg-on" : ""}`} aria-pressed={i === interval} onClick={() => setIntervalChoice(i)}>
              {i}
            </button>
          ))}
        </div>
      </div>
      <div className="chart-wrap" role="img" aria-label={summary}>
        {/* The library owns this node's children; React renders nothing inside it. */}
        <div ref={host} className="chart-host" />
        {candles.length === 0 ? <p className="chart-empty">{error ?? (loaded ? "No trades in this range" : "Loading…")}</p> : null}
      </div>
    </section>
  );
}
