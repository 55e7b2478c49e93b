import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { migrate } from './lib/db.js';
import { listenMetrics } from './ops-server.js';

/** Entry point: migrate (unless disabled), listen, and shut down gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp(config);
  if (process.env.MIGRATE_ON_START !== 'false') await migrate(config.databaseUrl, (msg) => app.log.info(msg), config.instrumentsFile);
  let closing = false;
  let closeMetrics: () => Promise<void> = async () => undefined;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Bound the drain so a stuck connection cannot keep a terminating pod alive past its grace period.
    const timer = setTimeout(() => process.exit(1), 20_000);
    timer.unref();
    Promise.all([app.close(), closeMetrics()]).then(
      () => process.exit(0),
      (err) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // Metrics first: a taken metrics port stops the start before the API takes traffic.
  const metrics = await listenMetrics(app, config.host, config.metricsPort);
  closeMetrics = metrics.close;
  app.log.info(`metrics at http://${metrics.address.address}:${metrics.address.port}/metrics`);
  await app.listen({ host: config.host, port: config.port });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
