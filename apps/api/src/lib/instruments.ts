import type { Pool } from 'pg';
import { SCALE, fromUnits, normalize, toUnits } from './decimal.js';

/** A tradable pair and its increments, as users see them (decimal strings). */
export interface Instrument {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  tickSize: string;
  lotSize: string;
  minQty: string;
  status: string;
}

const pow10 = (n: number) => 10n ** BigInt(n);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * An instrument with the conversions between the API's decimals and the engine's integers: quantities in
 * base minimal units, prices in quote minimal units per lot (see the engine's contract).
 */
export class InstrumentRules implements Instrument {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly tickSize: string;
  readonly lotSize: string;
  readonly minQty: string;
  readonly status: string;
  /** Engine units of one tick and one lot. */
  readonly tickUnits: bigint;
  readonly lotUnits: bigint;
  private readonly minQtyUnits: bigint;
  /** Scaled (10^-18) decimal per base minimal unit, and quote minimal units per (lot * 10^18). */
  private readonly qtyDiv: bigint;
  private readonly priceMul: bigint;
  private readonly priceDiv: bigint;

  constructor(row: Instrument, readonly baseDecimals: number, readonly quoteDecimals: number) {
    this.symbol = row.symbol;
    this.baseAsset = row.baseAsset;
    this.quoteAsset = row.quoteAsset;
    this.tickSize = row.tickSize;
    this.lotSize = row.lotSize;
    this.minQty = row.minQty;
    this.status = row.status;
    this.qtyDiv = pow10(SCALE - baseDecimals);
    // price(engine) = price(decimal) * 10^quoteDecimals * lotSize(decimal)
    this.priceMul = pow10(quoteDecimals) * toUnits(row.lotSize);
    this.priceDiv = pow10(2 * SCALE);
    const lot = this.quantityUnits(row.lotSize);
    const tick = this.priceUnits(row.tickSize);
    const min = this.quantityUnits(row.minQty);
    if (lot === undefined || tick === undefined || min === undefined || lot === 0n || tick === 0n) {
      throw new Error(`instrument ${row.symbol}: tick or lot size is not a whole number of engine units`);
    }
    this.lotUnits = lot;
    this.tickUnits = tick;
    this.minQtyUnits = min;
  }

  /** Engine units of a decimal quantity, or undefined when it is finer than the base asset's unit. */
  quantityUnits(quantity: string): bigint | undefined {
    const scaled = toUnits(quantity);
    return scaled % this.qtyDiv === 0n ? scaled / this.qtyDiv : undefined;
  }

  /** Engine units of a decimal price, or undefined when it is not a whole number of them. */
  priceUnits(price: string): bigint | undefined {
    const n = toUnits(price) * this.priceMul;
    return n % this.priceDiv === 0n ? n / this.priceDiv : undefined;
  }

  quantity(units: number | bigint): string {
    return fromUnits(BigInt(units) * this.qtyDiv);
  }

  price(units: number | bigint): string {
    // Exact for every price on the tick grid; the remainder of an off-grid value is truncated.
    return fromUnits((BigInt(units) * this.priceDiv) / this.priceMul);
  }

  /** Checks a quantity for the order path; returns its engine units or a reason. */
  checkQuantity(quantity: string): bigint | string {
    const q = this.quantityUnits(quantity);
    if (q === undefined || q % this.lotUnits !== 0n || q < this.minQtyUnits) return `quantity must be >= ${this.minQty} in steps of ${this.lotSize}`;
    if (q > MAX_SAFE) return 'quantity is too large';
    return q;
  }

  /** Checks a limit price for the order path; returns its engine units or a reason. */
  checkPrice(price: string): bigint | string {
    const p = this.priceUnits(price);
    if (p === undefined || p === 0n || p % this.tickUnits !== 0n) return `price must be > 0 in steps of ${this.tickSize}`;
    if (p > MAX_SAFE) return 'price is too large';
    return p;
  }
}

/** Amount conversions of one asset. */
export class AssetRules {
  private readonly div: bigint;

  constructor(readonly asset: string, readonly decimals: number) {
    this.div = pow10(SCALE - decimals);
  }

  units(amount: string): bigint | undefined {
    const scaled = toUnits(amount);
    return scaled % this.div === 0n ? scaled / this.div : undefined;
  }

  amount(units: number | bigint): string {
    return fromUnits(BigInt(units) * this.div);
  }
}

/** Instruments change rarely; the order path and the consumers read them from memory, refreshed after this long. */
const REFRESH_MS = 30_000;

/** In-process cache of the instruments and assets tables. */
export class InstrumentCache {
  private bySymbol = new Map<string, InstrumentRules>();
  private byAsset = new Map<string, AssetRules>();
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

  async asset(asset: string): Promise<AssetRules | undefined> {
    await this.fresh();
    return this.byAsset.get(asset);
  }

  private async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt < REFRESH_MS) return;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    await this.loading;
  }

  private async load(): Promise<void> {
    const assets = await this.pool.query<{ asset: string; decimals: number }>('SELECT asset, decimals FROM assets');
    const byAsset = new Map(assets.rows.map((r) => [r.asset, new AssetRules(r.asset, r.decimals)]));
    const { rows } = await this.pool.query(
      `SELECT symbol, base_asset, quote_asset, tick_size::text, lot_size::text, min_qty::text, status
         FROM instruments ORDER BY symbol`,
    );
    this.bySymbol = new Map(
      rows.map((r) => [
        r.symbol,
        new InstrumentRules(
          {
            symbol: r.symbol,
            baseAsset: r.base_asset,
            quoteAsset: r.quote_asset,
            tickSize: normalize(r.tick_size)!,
            lotSize: normalize(r.lot_size)!,
            minQty: normalize(r.min_qty)!,
            status: r.status,
          },
          byAsset.get(r.base_asset)!.decimals,
          byAsset.get(r.quote_asset)!.decimals,
        ),
      ]),
    );
    this.byAsset = byAsset;
    this.loadedAt = Date.now();
  }
}

/** The public view of an instrument. */
export const publicInstrument = ({ symbol, baseAsset, quoteAsset, tickSize, lotSize, minQty, status }: InstrumentRules): Instrument => ({
  symbol,
  baseAsset,
  quoteAsset,
  tickSize,
  lotSize,
  minQty,
  status,
});

/** The engine's instrument config (units) for every instrument, e.g. to start an engine with the same rules. */
export const engineInstrument = (i: InstrumentRules) => ({
  symbol: i.symbol,
  baseAsset: i.baseAsset,
  quoteAsset: i.quoteAsset,
  tickSize: Number(i.tickUnits),
  lotSize: Number(i.lotUnits),
});
