import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { engineInstruments, loadCatalog } from '../src/lib/catalog.js';

// The platform's engine chart reads this file (constructs/apps/chart-values.ts), so the engine trades
// exactly the API's instruments on every target.
const ENGINE_FILE = path.resolve(import.meta.dirname, '..', 'instruments.engine.json');

describe('instruments.engine.json', () => {
  test('equals the engine form of instruments.json (regenerate: npm run -s instruments:engine -w @orderbook-platform/api > apps/api/instruments.engine.json)', () => {
    assert.deepEqual(JSON.parse(readFileSync(ENGINE_FILE, 'utf8')), engineInstruments(loadCatalog()));
  });
});
