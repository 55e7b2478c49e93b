import pino from 'pino';
import { loadConfig } from './config';
import { KafkaEngine } from './kafka/engine-service';
import { startOpsServer } from './ops/http';
import { EngineMetrics } from './ops/metrics';
import { FileSnapshotStore } from './snapshot-store';

/** Process entry point: config → engine → ops server, with graceful shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.LOG_LEVEL, base: { service: 'matching-engine' } });
  const metrics = new EngineMetrics();
  let shuttingDown = false;
  const shutdown = async (reason: string, code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ reason }, 'shutting down');
    const force = setTimeout(() => process.exit(code || 1), 30_000).unref();
    try {
      await engine.stop();
      await new Promise((resolve) => server.close(resolve));
    } catch (e) {
      log.error({ err: e }, 'shutdown failed');
      code = 1;
    }
    clearTimeout(force);
    process.exit(code);
  };
  const engine = new KafkaEngine(config, new FileSnapshotStore(config.ENGINE_SNAPSHOT_DIR), metrics, log, () => {
    void shutdown('pipeline failure', 1);
  });
  const server = await startOpsServer(config.ENGINE_HTTP_HOST, config.ENGINE_HTTP_PORT, engine, metrics.registry);
  log.info({ port: server.port }, 'ops server listening');
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  await engine.start();
}

main().catch((e: Error) => {
  // Startup errors (bad config, unreachable broker) are fatal and must be visible in the pod log.
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exit(1);
});
