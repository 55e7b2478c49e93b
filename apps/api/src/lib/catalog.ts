import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Type, type Static } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import type { Pool } from 'pg';
import { DECIMAL_PATTERN, normalize } from './decimal.js';
import { InstrumentRules, engineInstrument } from './instruments.js';

/**
 * The instrument catalog: the one list of assets and instruments (apps/api/instruments.json) that the API
 * syncs into PostgreSQL and the engine is configured from, so the two cannot disagree on tick or lot sizes.
 */
const Decimal = Type.String({ pattern: DECIMAL_PATTERN });
const Code = Type.String({ pattern: '^[A-Z0-9]{1,12}$' });
const CatalogSchema = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    assets: Type.Array(Type.Object({ asset: Code, decimals: Type.Integer({ minimum: 0, maximum: 18 }) }, { additionalProperties: false }), { minItems: 1 }),
    instruments: Type.Array(
      Type.Object(
        {
          symbol: Type.String({ pattern: '^[A-Z0-9]{1,12}-[A-Z0-9]{1,12}$' }),
          baseAsset: Code,
          quoteAsset: Code,
          tickSize: Decimal,
          lotSize: Decimal,
          minQty: Decimal,
          status: Type.Optional(Type.Union([Type.Literal('TRADING'), Type.Literal('HALTED')])),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type Catalog = Static<typeof CatalogSchema>;

/** The catalog shipped with the API package. */
export const DEFAULT_CATALOG_FILE = path.resolve(import.meta.dirname, '../../instruments.json');

/** Reads and checks a catalog; throws naming the file and what is wrong. */
export function loadCatalog(file: string = DEFAULT_CATALOG_FILE): Catalog {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`instruments: cannot read ${file}: ${(err as Error).message}`);
  }
  const validate = new Ajv({ allErrors: true, strict: false }).compile(CatalogSchema);
  if (!validate(json)) {
    throw new Error(`instruments: ${file}: ${validate.errors!.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
  }
  const catalog = json as Catalog;
  for (const [i, r] of catalogRules(catalog).entries()) if (!r) throw new Error(`instruments: ${file}: /instruments/${i} names an unknown asset`);
  return catalog;
}

/** The conversion rules of every instrument of a catalog; undefined where an asset is missing. */
function catalogRules(catalog: Catalog): (InstrumentRules | undefined)[] {
  const decimals = new Map(catalog.assets.map((a) => [a.asset, a.decimals]));
  return catalog.instruments.map((i) => {
    const base = decimals.get(i.baseAsset);
    const quote = decimals.get(i.quoteAsset);
    if (base === undefined || quote === undefined) return undefined;
    // Throws when tick or lot is not a whole number of engine units.
    return new InstrumentRules({ ...i, status: i.status ?? 'TRADING' }, base, quote);
  });
}

/** The engine's ENGINE_INSTRUMENTS for a catalog: the same rules in engine units. */
export function engineInstruments(catalog: Catalog) {
  return catalogRules(catalog).map((r) => engineInstrument(r!));
}

/**
 * Makes the assets and instruments tables equal the catalog (inserting and updating; nothing is deleted).
 * An asset's decimals never change in place: balances and orders are stored in its units, so a different
 * value is refused rather than silently rescaling money.
 */
export async function syncCatalog(pool: Pool, catalog: Catalog): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ asset: string; decimals: number }>('SELECT asset, decimals FROM assets FOR UPDATE');
    const stored = new Map(rows.map((r) => [r.asset, r.decimals]));
    for (const a of catalog.assets) {
      const has = stored.get(a.asset);
      if (has !== undefined && has !== a.decimals) {
        throw new Error(`instruments: asset ${a.asset} has ${has} decimals in the database but ${a.decimals} in the catalog; that needs a data migration`);
      }
      if (has === undefined) await client.query('INSERT INTO assets (asset, decimals) VALUES ($1, $2)', [a.asset, a.decimals]);
    }
    for (const i of catalog.instruments) {
      await client.query(
        `INSERT INTO instruments (symbol, base_asset, quote_asset, tick_size, lot_size, min_qty, status) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (symbol) DO UPDATE SET base_asset = EXCLUDED.base_asset, quote_asset = EXCLUDED.quote_asset,
           tick_size = EXCLUDED.tick_size, lot_size = EXCLUDED.lot_size, min_qty = EXCLUDED.min_qty, status = EXCLUDED.status`,
        [i.symbol, i.baseAsset, i.quoteAsset, normalize(i.tickSize), normalize(i.lotSize), normalize(i.minQty), i.status ?? 'TRADING'],
      );
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
