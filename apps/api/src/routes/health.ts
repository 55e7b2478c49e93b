import type { FastifyInstance } from 'fastify';

const withTimeout = (p: Promise<unknown>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref())]);

/** Liveness (the process answers) and readiness (PostgreSQL, Redis and Kafka answer). */
export default async function health(app: FastifyInstance) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const checks: Record<string, () => Promise<unknown>> = {
      postgres: () => app.db.write.query('SELECT 1'),
      redis: () => app.redis.ping(),
      kafka: () => app.engine.ping(),
    };
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 2_000);
          return [name, 'ok'] as const;
        } catch (err) {
          return [name, (err as Error).message || 'failed'] as const;
        }
      }),
    );
    const ready = results.every(([, r]) => r === 'ok');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
  });
}
