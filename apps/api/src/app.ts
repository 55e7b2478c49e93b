import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import rateLimit from '@fastify/rate-limit';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Config } from './config.js';
import { ErrorCode, badRequest } from './errors.js';
import errors from './plugins/errors.js';
import { API_DESCRIPTION } from './api-description.js';
import infra from './plugins/infra.js';
import metrics from './plugins/metrics.js';
import auth from './plugins/auth.js';
import ws from './plugins/ws.js';
import consumers from './plugins/consumers.js';
import health from './routes/health.js';
import authRoutes from './routes/auth.js';
import apiKeyRoutes from './routes/api-keys.js';
import marketRoutes from './routes/markets.js';
import accountRoutes from './routes/accounts.js';
import orderRoutes from './routes/orders.js';

// ajv-formats is CommonJS with a default export; under NodeNext its callable sits on .default.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function ajvFor(coerceTypes: false | 'array'): Ajv {
  const ajv = new Ajv({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  addFormats(ajv);
  return ajv;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Options of buildApp besides the config: logger settings, mostly for tests. */
export interface BuildOptions {
  readonly logger?: FastifyServerOptions['logger'];
}

/** Builds the API without listening: plugins first, then the versioned routes under /api/v1. */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    // Honour a caller's request id (from a gateway) so logs join up across hops, if it is a sane token:
    // it lands in every log line and error body.
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 64 * 1024,
    // Only trust X-Forwarded-For from the proxies we know sit in front (by address, else by hop count);
    // otherwise anyone could pick their own IP and escape the per-IP rate limit.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : (_address: string, hop: number) => hop < config.trustProxyHops,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Query strings and paths are text, so they are coerced to the schema's types; JSON bodies are typed
  // already, and a number where a decimal string is expected is a client mistake, not something to guess at.
  const validators = { strict: ajvFor(false), coercing: ajvFor('array') };
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? validators.strict : validators.coercing).compile(schema),
  );

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // API-key signatures cover the body exactly as sent, so keep the raw text next to the parsed value.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    request.rawBody = text;
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(badRequest(ErrorCode.INVALID_JSON, 'body is not valid JSON'), undefined);
    }
  });

  await app.register(errors);
  await app.register(metrics);
  await app.register(infra, { config });
  await app.register(auth);

  await app.register(rateLimit, {
    max: config.rateLimitMax,
    timeWindow: config.rateLimitWindowMs,
    ...(config.rateLimitShared
      ? {
          redis: app.redis,
          nameSpace: `${config.redisPrefix}ratelimit:`,
          // A Redis outage must not take the API down with it; limits resume when Redis is back.
          skipOnError: true,
        }
      : {}),
    keyGenerator: (request) => {
      const key = request.headers.apikey;
      if (typeof key === 'string' && key) return `k:${key}`;
      const authz = request.headers.authorization;
      // The JWT signature is unique per token and needs no verification to be a good bucket key.
      if (typeof authz === 'string' && authz.startsWith('Bearer ')) return `t:${authz.slice(-43)}`;
      return `ip:${request.ip}`;
    },
    allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
  });

  if (config.docsEnabled) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: 'orderbook-platform exchange API', version: '0.1.0', description: API_DESCRIPTION },
        components: {
          // An API-key request needs all three headers (one security requirement lists them together).
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
            apiKey: { type: 'apiKey', in: 'header', name: 'APIKEY', description: 'the API key id' },
            apiTimestamp: { type: 'apiKey', in: 'header', name: 'timestamp', description: 'epoch milliseconds, within 60 s of the server' },
            apiSignature: {
              type: 'apiKey',
              in: 'header',
              name: 'signature',
              description: "hex HMAC-SHA256 with the key's secret over timestamp + METHOD + path-with-query + raw body; accepted once",
            },
          },
        },
      },
      refResolver: { buildLocalReference: (json, _base, _frag, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs' });
  }

  await app.register(ws);
  await app.register(health);
  await app.register(
    async (v1) => {
      await v1.register(authRoutes);
      await v1.register(apiKeyRoutes);
      await v1.register(marketRoutes);
      await v1.register(accountRoutes);
      await v1.register(orderRoutes);
    },
    { prefix: '/api/v1' },
  );
  if (config.consumersEnabled) await app.register(consumers);
  return app;
}
