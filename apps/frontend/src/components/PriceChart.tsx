"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import { candlesFromTrades, type Candle } from "@/lib/candles";
import type { Trade } from "@/lib/types";

/** Props of {@link PriceChart}. */
export interface PriceChartProps {
  readonly symbol: string;
  readonly trades: readonly Trade[];
  /** Candle width. @default 60 */
  readonly intervalSeconds?: number;
}

type ChartHandle = { setData: (c: Candle[]) => void; dispose: () => void };

/**
 * Candlestick chart of the symbol's trades, drawn by lightweight-charts. The library is loaded after
 * first paint (dynamic import) so the ladder and form are interactive before the chart arrives.
 */
export function PriceChart({ symbol, trades, intervalSeconds = 60 }: PriceChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartHandle | null>(null);
  const [ready, setReady] = useState(false);
  const candles = useMemo(() => candlesFromTrades(trades, intervalSeconds), [trades, intervalSeconds]);

  useEffect(() => {
    let disposed = false;
    void import("lightweight-charts").then(({ createChart, CandlestickSeries, ColorType }) => {
      if (disposed || !host.current) return;
      const c = createChart(host.current, {
        autoSize: true,
        layout: { background: { type: ColorType.Solid, color: "transparent" }, textColor: "#9aa4b2", attributionLogo: false },
        grid: { vertLines: { color: "#1c2330" }, horzLines: { color: "#1c2330" } },
        rightPriceScale: { borderColor: "#2a3340" },
        // Room right of the last candle and a fixed bar width, so a young market's few candles sit readably.
        timeScale: { borderColor: "#2a3340", timeVisible: true, secondsVisible: false, rightOffset: 6, barSpacing: 10 },
        crosshair: { mode: 0 },
      });
      const series = c.addSeries(CandlestickSeries, {
        upColor: "#26a69a",
        downColor: "#ef5350",
        wickUpColor: "#26a69a",
        wickDownColor: "#ef5350",
        borderVisible: false,
      });
      chart.current = {
        setData: (data) => series.setData(data.map((d) => ({ ...d, time: d.time as never }))),
        dispose: () => c.remove(),
      };
      setReady(true);
    });
    return () => {
      disposed = true;
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (ready) chart.current?.setData(candles);
  }, [ready, candles]);

  const last = candles.at(-1);
  const summary = last
    ? `${symbol} one-minute candles; latest open ${last.open}, high ${last.high}, low ${last.low}, close ${last.close}`
    : `${symbol} chart: no trades yet`;
  return (
    <section className="panel chart" aria-labelledby="chart-title">
      <h2 id="chart-title" className="panel-title">
        Price <span className="muted">(1m)</span>
      </h2>
      <div className="chart-wrap" role="img" aria-label={summary}>
        {/* The library owns this node's children; React renders nothing inside it. */}
        <div ref={host} className="chart-host" />
        {candles.length === 0 ? <p className="chart-empty">No trades yet</p> : null}
      </div>
    </section>
  );
}
