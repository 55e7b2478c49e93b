import { loadConfig } from './config.js';
import { migrate } from './lib/db.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL and exits. */
migrate(loadConfig().databaseUrl, (msg) => console.log(msg)).catch((err) => {
  console.error(err);
  process.exit(1);
});
