import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The engine's Prometheus metrics, on a registry of its own so tests can create several engines. */
export class EngineMetrics {
  readonly registry = new Registry();
  readonly commands = new Counter({
    name: 'engine_commands_total',
    help: 'Input commands processed, by command type (MALFORMED for unparseable messages).',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly rejections = new Counter({
    name: 'engine_rejections_total',
    help: 'Commands rejected, by reason code.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly trades = new Counter({ name: 'engine_trades_total', help: 'Trades executed.', registers: [this.registry] });
  readonly commandsPerSecond = new Gauge({
    name: 'engine_commands_per_second',
    help: 'Commands processed per second over the last metrics interval.',
    registers: [this.registry],
  });
  readonly batchSeconds = new Histogram({
    name: 'engine_batch_duration_seconds',
    help: 'Time from taking a batch to its outputs being acknowledged by Kafka.',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'engine_batch_size',
    help: 'Commands per processed batch.',
    buckets: [1, 10, 50, 100, 500, 1000, 2500, 5000, 10000],
    registers: [this.registry],
  });
  readonly lag = new Gauge({
    name: 'engine_consumer_lag',
    help: 'Input messages not yet processed, per owned partition.',
    labelNames: ['partition'] as const,
    registers: [this.registry],
  });
  readonly bookOrders = new Gauge({
    name: 'engine_book_orders',
    help: 'Resting orders, per owned partition.',
    labelNames: ['partition'] as const,
    registers: [this.registry],
  });
  readonly bookLevels = new Gauge({
    name: 'engine_book_levels',
    help: 'Price levels per symbol and side (book depth).',
    labelNames: ['symbol', 'side'] as const,
    registers: [this.registry],
  });
  readonly snapshots = new Counter({ name: 'engine_snapshots_total', help: 'State snapshots written.', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
