import type { Pool } from 'pg';
import { normalize, toUnits } from './decimal.js';

/** A tradable pair and its increments. */
export interface Instrument {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  tickSize: string;
  lotSize: string;
  minQty: string;
  status: string;
}

/** Instruments with their increments in 10^-18 units, for validation on the order path. */
export interface InstrumentRules extends Instrument {
  tick: bigint;
  lot: bigint;
  min: bigint;
}

/** Instruments change rarely; order validation reads them from memory, refreshed after this long. */
const REFRESH_MS = 30_000;

/** In-process cache of the instruments table. */
export class InstrumentCache {
  private bySymbol = new Map<string, InstrumentRules>();
  private loadedAt = 0;
  private loading?: Promise<void>;

  constructor(private readonly pool: Pool) {}

  async all(): Promise<InstrumentRules[]> {
    await this.fresh();
    return [...this.bySymbol.values()];
  }

  async get(symbol: string): Promise<InstrumentRules | undefined> {
    await this.fresh();
    return this.bySymbol.get(symbol);
  }

  private async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt < REFRESH_MS) return;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    await this.loading;
  }

  private async load(): Promise<void> {
    const { rows } = await this.pool.query(
      `SELECT symbol, base_asset, quote_asset, tick_size::text, lot_size::text, min_qty::text, status
         FROM instruments ORDER BY symbol`,
    );
    this.bySymbol = new Map(
      rows.map((r) => {
        const tickSize = normalize(r.tick_size)!;
        const lotSize = normalize(r.lot_size)!;
        const minQty = normalize(r.min_qty)!;
        return [
          r.symbol,
          {
            symbol: r.symbol,
            baseAsset: r.base_asset,
            quoteAsset: r.quote_asset,
            tickSize,
            lotSize,
            minQty,
            status: r.status,
            tick: toUnits(tickSize),
            lot: toUnits(lotSize),
            min: toUnits(minQty),
          },
        ];
      }),
    );
    this.loadedAt = Date.now();
  }
}

/** The public view of an instrument (without the unit fields). */
export const publicInstrument = ({ symbol, baseAsset, quoteAsset, tickSize, lotSize, minQty, status }: InstrumentRules): Instrument => ({
  symbol,
  baseAsset,
  quoteAsset,
  tickSize,
  lotSize,
  minQty,
  status,
});
