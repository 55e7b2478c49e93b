import { randomBytes, randomUUID } from 'node:crypto';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorCode, notFound } from '../errors.js';
import { sha256 } from '../lib/crypto.js';
import { API_KEY_SCOPES, userOf, type Scope } from '../plugins/auth.js';
import { IdParams, withErrors } from './schemas.js';

const Scopes = Type.Array(Type.Union([Type.Literal(API_KEY_SCOPES[0]), Type.Literal(API_KEY_SCOPES[1])]), {
  minItems: 1,
  uniqueItems: true,
  description: 'read: GET routes; trade: place and cancel orders, deposits. Key management always needs a session.',
});
const KeyInfo = Type.Object({
  id: Type.String(),
  label: Type.String(),
  scopes: Scopes,
  keyPrefix: Type.String(),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

/** Create, list and revoke API keys, with a session only (a key cannot make keys). The secret is shown once, at creation. */
const apiKeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', app.requireSession);

  app.post(
    '/api-keys',
    {
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key',
        description: 'Needs a session (Bearer token). The secret is in this answer only. Scopes default to read.',
        security: [{ bearer: [] }],
        body: Type.Object({ label: Type.String({ minLength: 1, maxLength: 64 }), scopes: Type.Optional(Scopes) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ id: Type.String(), apiKey: Type.String(), secret: Type.String(), label: Type.String(), scopes: Scopes }),
          ...withErrors([400, 401, 403, 429]),
        },
      },
    },
    async (request, reply) => {
      const id = randomUUID();
      const apiKey = `ak_${randomBytes(18).toString('base64url')}`;
      const secret = randomBytes(32).toString('base64url');
      const scopes: Scope[] = request.body.scopes ?? ['read'];
      await app.db.write.query(
        'INSERT INTO api_keys (id, user_id, label, key_prefix, key_hash, secret_enc, scopes) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [id, userOf(request), request.body.label, apiKey.slice(0, 7), sha256(apiKey), app.secretBox.seal(secret), scopes],
      );
      return reply.status(201).send({ id, apiKey, secret, label: request.body.label, scopes });
    },
  );

  app.get(
    '/api-keys',
    { schema: { tags: ['api-keys'], summary: 'Your API keys (never their secrets)', security: [{ bearer: [] }], response: { 200: Type.Array(KeyInfo), ...withErrors([401, 403, 429]) } } },
    async (request) => {
      const { rows } = await app.db.write.query(
        `SELECT id, label, scopes, key_prefix AS "keyPrefix", created_at AS "createdAt", revoked_at AS "revokedAt"
           FROM api_keys WHERE user_id = $1 ORDER BY created_at DESC`,
        [userOf(request)],
      );
      return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), revokedAt: r.revokedAt?.toISOString() ?? null }));
    },
  );

  app.delete(
    '/api-keys/:id',
    {
      schema: {
        tags: ['api-keys'],
        summary: 'Revoke an API key',
        description: 'Immediate on the replica that serves it, within 5 s on the others.',
        security: [{ bearer: [] }],
        params: IdParams,
        response: { 204: Type.Null(), ...withErrors([400, 401, 403, 404, 429]) },
      },
    },
    async (request, reply) => {
      const { rowCount } = await app.db.write.query(
        'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL',
        [request.params.id, userOf(request)],
      );
      if (rowCount === 0) throw notFound(ErrorCode.API_KEY_NOT_FOUND, 'no active API key with this id');
      app.forgetApiKeys();
      return reply.status(204).send(null);
    },
  );
};

export default apiKeyRoutes;
