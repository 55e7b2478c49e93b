import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_CATALOG_FILE, engineInstruments, loadCatalog, syncCatalog } from '../src/lib/catalog.js';
import { engineInstrument } from '../src/lib/instruments.js';
import { useApp } from './helpers.js';

const API_DIR = path.resolve(import.meta.dirname, '..');

function catalogFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'catalog-')), 'instruments.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('instrument catalog (one source of truth for the API and the engine)', () => {
  const ctx = useApp();

  test('instruments:engine prints the rules the API enforces, in engine units', async () => {
    const printed = JSON.parse(execFileSync('npx', ['tsx', 'src/instruments-cli.ts'], { cwd: API_DIR, encoding: 'utf8' }));
    const enforced = (await ctx.app.instruments.all()).map(engineInstrument);
    assert.deepEqual(printed, enforced);
    // BTC-USDT: a lot is 0.0001 BTC = 10^4 satoshi; the 0.01 USDT tick on one lot is 1 micro-USDT.
    assert.deepEqual(printed.find((i: { symbol: string }) => i.symbol === 'BTC-USDT'), {
      symbol: 'BTC-USDT', baseAsset: 'BTC', quoteAsset: 'USDT', tickSize: 1, lotSize: 10_000,
    });
  });

  test('the API lists exactly the instruments of the catalog', async () => {
    const listed = (await ctx.app.inject({ url: '/api/v1/markets' })).json();
    const catalog = loadCatalog(DEFAULT_CATALOG_FILE);
    assert.deepEqual(
      listed.map((m: { symbol: string; tickSize: string; lotSize: string; minQty: string }) => [m.symbol, m.tickSize, m.lotSize, m.minQty]),
      catalog.instruments.map((i) => [i.symbol, i.tickSize, i.lotSize, i.minQty]),
    );
  });

  test('a synced catalog change (a new instrument) reaches the database', async () => {
    const catalog = loadCatalog();
    catalog.assets.push({ asset: 'SOL', decimals: 9 });
    catalog.instruments.push({ symbol: 'SOL-USDT', baseAsset: 'SOL', quoteAsset: 'USDT', tickSize: '0.001', lotSize: '0.01', minQty: '0.01' });
    await syncCatalog(ctx.app.db.write, catalog);
    const { rows } = await ctx.app.db.write.query("SELECT tick_size::text, lot_size::text FROM instruments WHERE symbol = 'SOL-USDT'");
    assert.deepEqual(rows, [{ tick_size: '0.001000000000000000', lot_size: '0.010000000000000000' }]);
    assert.deepEqual(engineInstruments(catalog).at(-1), { symbol: 'SOL-USDT', baseAsset: 'SOL', quoteAsset: 'USDT', tickSize: 10, lotSize: 10_000_000 });
  });

  test("fails when an asset's decimals differ from the database", async () => {
    const catalog = loadCatalog();
    catalog.assets = catalog.assets.map((a) => (a.asset === 'BTC' ? { ...a, decimals: 6 } : a));
    await assert.rejects(syncCatalog(ctx.app.db.write, catalog), /asset BTC has 8 decimals in the database but 6 in the catalog/);
  });

  test('fails when an instrument names an unknown asset', () => {
    const file = catalogFile({ assets: [{ asset: 'USDT', decimals: 6 }], instruments: [{ symbol: 'BTC-USDT', baseAsset: 'BTC', quoteAsset: 'USDT', tickSize: '0.01', lotSize: '0.0001', minQty: '0.0001' }] });
    assert.throws(() => loadCatalog(file), /\/instruments\/0 names an unknown asset/);
  });

  test('fails when a tick is not a whole number of engine units', () => {
    const file = catalogFile({
      assets: [{ asset: 'BTC', decimals: 8 }, { asset: 'USDT', decimals: 6 }],
      instruments: [{ symbol: 'BTC-USDT', baseAsset: 'BTC', quoteAsset: 'USDT', tickSize: '0.01', lotSize: '0.00000001', minQty: '0.00000001' }],
    });
    assert.throws(() => loadCatalog(file), /tick or lot size is not a whole number of engine units/);
  });
});
