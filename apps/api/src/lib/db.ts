import path from 'node:path';
import { Pool, type PoolConfig } from 'pg';
import { loadCatalog, syncCatalog } from './catalog.js';

/** The primary pool for writes and the pool list endpoints read from (a replica when configured). */
export interface Database {
  readonly write: Pool;
  readonly read: Pool;
}

const poolConfig = (connectionString: string): PoolConfig => ({
  connectionString,
  max: 20,
  connectionTimeoutMillis: 5_000,
  // Fail a stuck query instead of holding a request (and its client) forever.
  statement_timeout: 10_000,
});

/** Opens the pools. An idle client's error (e.g. the server restarting) must not crash the process. */
export function createDatabase(writeUrl: string, readUrl?: string): Database {
  const write = new Pool(poolConfig(writeUrl));
  const read = readUrl ? new Pool(poolConfig(readUrl)) : write;
  for (const pool of new Set([write, read])) pool.on('error', () => undefined);
  return { write, read };
}

/** Closes both pools once. */
export async function closeDatabase(db: Database): Promise<void> {
  await Promise.all([...new Set([db.write, db.read])].map((p) => p.end()));
}

/** Directory of the SQL migrations shipped with the package. */
export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../migrations');

/**
 * Applies pending migrations, then syncs the instrument catalog (`catalogFile`, the packaged
 * instruments.json by default) into the assets and instruments tables. node-pg-migrate holds an advisory
 * lock so concurrent replicas do not race; the sync is one transaction.
 */
export async function migrate(databaseUrl: string, log: (msg: string) => void = () => undefined, catalogFile?: string): Promise<void> {
  const { runner } = await import('node-pg-migrate');
  await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    migrationsTable: 'pgmigrations',
    direction: 'up',
    log,
    singleTransaction: true,
  });
  const catalog = loadCatalog(catalogFile);
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await syncCatalog(pool, catalog);
    log(`instruments: ${catalog.instruments.map((i) => i.symbol).join(', ')} synced from the catalog`);
  } finally {
    await pool.end();
  }
}
