import fp from 'fastify-plugin';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: { registry: Registry; consumed: Counter<'group' | 'outcome'>; wsDropped: Counter };
  }
}

/** Prometheus metrics on a registry per app (tests build several apps in one process). */
export default fp(
  async (app) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    const consumed = new Counter({
      name: 'engine_results_consumed_total',
      help: 'Engine result messages handled by consumer group and outcome',
      labelNames: ['group', 'outcome'],
      registers: [registry],
    });
    const wsDropped = new Counter({
      name: 'ws_clients_dropped_total',
      help: 'WebSocket clients dropped for falling behind or missing heartbeats',
      registers: [registry],
    });
    app.decorate('metrics', { registry, consumed, wsDropped });
    app.addHook('onResponse', async (request, reply) => {
      // The route pattern, not the URL, keeps label cardinality bounded.
      const route = request.routeOptions.url ?? 'unmatched';
      duration.observe({ method: request.method, route, status: reply.statusCode }, reply.elapsedTime / 1000);
    });
  },
  { name: 'metrics' },
);
