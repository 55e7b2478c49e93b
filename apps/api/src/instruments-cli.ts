import { engineInstruments, loadCatalog } from './lib/catalog.js';

/**
 * `npm run -s instruments:engine -w @orderbook-platform/api`: prints ENGINE_INSTRUMENTS for the matching
 * engine, computed from the catalog the API trades (INSTRUMENTS_FILE, else the packaged instruments.json).
 */
try {
  console.log(JSON.stringify(engineInstruments(loadCatalog(process.env.INSTRUMENTS_FILE || undefined))));
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
