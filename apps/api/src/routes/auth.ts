import { randomUUID } from 'node:crypto';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorCode, conflict, unauthorized } from '../errors.js';
import { hashPassword, verifyPassword } from '../lib/crypto.js';
import { userOf } from '../plugins/auth.js';
import { authenticated, withErrors } from './schemas.js';

const Credentials = Type.Object(
  {
    email: Type.String({ format: 'email', minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 8, maxLength: 128 }),
  },
  { additionalProperties: false },
);
const TokenReply = Type.Object({ userId: Type.String(), token: Type.String(), expiresIn: Type.Integer() });

// A real hash to compare against when the email is unknown, so timing does not reveal which emails exist.
const DUMMY_HASH = hashPassword(randomUUID());

/** Register and log in; both answer an RS256 JWT. */
const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/auth/register',
    { schema: { tags: ['auth'], summary: 'Create an account', description: 'Returns a session token (RS256 JWT) for the new user.', body: Credentials, response: { 201: TokenReply, ...withErrors([400, 409, 429]) } } },
    async (request, reply) => {
      const email = request.body.email.toLowerCase();
      const userId = randomUUID();
      const hash = await hashPassword(request.body.password);
      const { rowCount } = await app.db.write.query(
        'INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING',
        [userId, email, hash],
      );
      if (rowCount === 0) throw conflict(ErrorCode.EMAIL_TAKEN, 'email already registered');
      return reply.status(201).send({ userId, ...(await app.issueToken(userId)) });
    },
  );

  app.post(
    '/auth/login',
    { schema: { tags: ['auth'], summary: 'Sign in', description: 'Returns a session token (RS256 JWT).', body: Credentials, response: { 200: TokenReply, ...withErrors([400, 401, 429]) } } },
    async (request) => {
      const { rows } = await app.db.write.query<{ id: string; password_hash: string }>(
        'SELECT id, password_hash FROM users WHERE email = $1',
        [request.body.email.toLowerCase()],
      );
      const ok = await verifyPassword(request.body.password, rows[0]?.password_hash ?? (await DUMMY_HASH));
      if (!ok || rows.length === 0) throw unauthorized(ErrorCode.INVALID_CREDENTIALS, 'wrong email or password');
      return { userId: rows[0].id, ...(await app.issueToken(rows[0].id)) };
    },
  );

  app.get(
    '/auth/me',
    {
      schema: { tags: ['auth'], summary: 'Who am I', description: 'The user a Bearer token or signed API-key request acts as.', security: authenticated, response: { 200: Type.Object({ userId: Type.String(), email: Type.String() }), ...withErrors([401, 429]) } },
      preHandler: app.authenticate,
    },
    async (request) => {
      const userId = userOf(request);
      const { rows } = await app.db.write.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [userId]);
      if (rows.length === 0) throw unauthorized(ErrorCode.TOKEN_INVALID, 'user no longer exists');
      return { userId, email: rows[0].email };
    },
  );
};

export default authRoutes;
