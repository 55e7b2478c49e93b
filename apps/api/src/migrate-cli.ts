import { loadConfig } from './config.js';
import { migrate } from './lib/db.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL, syncs the instrument catalog and exits. */
const config = loadConfig();
migrate(config.databaseUrl, (msg) => console.log(msg), config.instrumentsFile).catch((err) => {
  console.error(err);
  process.exit(1);
});
