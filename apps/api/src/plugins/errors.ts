import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { ApiError, ErrorCode, type ErrorCodeValue } from '../errors.js';

/** Fastify's own client-error codes mapped to ours, so every 4xx carries a coded constant. */
const FASTIFY_CODES: Record<string, ErrorCodeValue> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ErrorCode.INVALID_JSON,
  FST_ERR_CTP_EMPTY_JSON_BODY: ErrorCode.INVALID_JSON,
  FST_ERR_CTP_INVALID_JSON_BODY: ErrorCode.INVALID_JSON,
  FST_ERR_CTP_BODY_TOO_LARGE: ErrorCode.PAYLOAD_TOO_LARGE,
  FST_ERR_VALIDATION: ErrorCode.VALIDATION_FAILED,
};

/** Socket errors and PostgreSQL's connection/shutdown classes (08, 57P): the service, not the request. */
const UNAVAILABLE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|08[0-9A-Z]{3}|57P0[1-3])$/;

function isUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE.test(e.code)) return true;
  // ioredis gives up on a command after maxRetriesPerRequest; pg reports a dropped connection by message.
  return e.name === 'MaxRetriesPerRequestError' || (typeof e.message === 'string' && /^Connection terminated/.test(e.message));
}

/** Shape of every error body; also the OpenAPI schema of error responses. */
export const ErrorBody = {
  $id: 'ErrorBody',
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    requestId: { type: 'string' },
  },
} as const;

/** One error handler for the whole app: client mistakes are 4xx with a code, the rest a logged 500. */
export default fp(
  async (app) => {
    app.addSchema(ErrorBody);
    app.setErrorHandler((err: FastifyError | ApiError, request, reply) => {
      const requestId = request.id;
      if (err instanceof ApiError) {
        return reply.status(err.statusCode).send({ code: err.code, message: err.message, requestId });
      }
      const fe = err as FastifyError;
      if (fe.validation) {
        return reply.status(400).send({ code: ErrorCode.VALIDATION_FAILED, message: fe.message, requestId });
      }
      if (fe.statusCode === 429) {
        return reply.status(429).send({ code: ErrorCode.RATE_LIMITED, message: fe.message, requestId });
      }
      if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
        const code = FASTIFY_CODES[fe.code] ?? (fe.statusCode === 415 ? ErrorCode.UNSUPPORTED_MEDIA_TYPE : ErrorCode.VALIDATION_FAILED);
        return reply.status(fe.statusCode).send({ code, message: fe.message, requestId });
      }
      // PostgreSQL "data exception" (class 22): a value that passed the schema but not the database,
      // e.g. a date-time outside PostgreSQL's range. Still the client's input, so still a 400.
      const pgCode = (err as { code?: unknown }).code;
      if (typeof pgCode === 'string' && /^22[0-9A-Z]{3}$/.test(pgCode)) {
        return reply.status(400).send({ code: ErrorCode.VALIDATION_FAILED, message: 'a value is out of range', requestId });
      }
      if (isUnavailable(err)) {
        request.log.warn({ err }, 'a backing service is unavailable');
        return reply.status(503).send({ code: ErrorCode.UPSTREAM_UNAVAILABLE, message: 'a backing service is unavailable, retry later', requestId });
      }
      request.log.error({ err }, 'unhandled error');
      return reply.status(500).send({ code: ErrorCode.INTERNAL, message: 'internal error', requestId });
    });
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({ code: ErrorCode.NOT_FOUND, message: `no route ${request.method} ${request.url.split('?')[0]}`, requestId: request.id }),
    );
  },
  { name: 'errors' },
);
