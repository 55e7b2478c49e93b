import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { SignJWT, errors as joseErrors, importPKCS8, importSPKI, jwtVerify, type CryptoKey } from 'jose';
import { ErrorCode, forbidden, unauthorized, unavailable } from '../errors.js';
import { SecretBox, sha256, sign, signaturePayload, signaturesEqual } from '../lib/crypto.js';

/** What an API key may do: `read` for GET routes, `trade` for orders, cancels and deposits. */
export const API_KEY_SCOPES = ['read', 'trade'] as const;
export type Scope = (typeof API_KEY_SCOPES)[number];

/** Who made a request, and how they proved it. A session (JWT) may do everything; a key what its scopes allow. */
export interface Principal {
  readonly userId: string;
  readonly method: 'jwt' | 'apikey';
  readonly scopes: readonly Scope[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * preHandler that admits a valid Bearer JWT or a signed API-key request (else 401) whose key has the
     * scope the method needs (GET: read, else trade; else 403).
     */
    authenticate: (request: FastifyRequest) => Promise<void>;
    /** preHandler for what only a signed-in user may do (API-key management): a JWT, never an API key. */
    requireSession: (request: FastifyRequest) => Promise<void>;
    issueToken: (userId: string) => Promise<{ token: string; expiresIn: number }>;
    verifyToken: (token: string) => Promise<string>;
    secretBox: SecretBox;
    /** Drops this replica's API-key cache (after a revocation). */
    forgetApiKeys: () => void;
  }
  interface FastifyRequest {
    principal?: Principal;
    rawBody?: string;
  }
}

/** Largest clock difference accepted between an API-key request's timestamp and ours (seed 001). */
export const SIGNATURE_WINDOW_MS = 60_000;
/** How long a replica trusts a looked-up API key before asking the database again. */
export const API_KEY_CACHE_MS = 5_000;
const API_KEY_CACHE_ENTRIES = 10_000;
const ALG = 'RS256';
const HMAC_ALG = 'HS256';
const AUDIENCE = 'orderbook-api';

/** RS256 (or, with JWT_SECRET, HS256) JWTs and HMAC-signed API keys. */
export default fp(
  async (app) => {
    const { config } = app;
    let privatePem = config.jwtPrivateKeyPem;
    let publicPem = config.jwtPublicKeyPem;
    // A shared secret (JWT_SECRET, what the cloud secret managers generate) signs HS256; else an RS256 pair.
    const alg = config.jwtSecret ? HMAC_ALG : ALG;
    if (!config.jwtSecret && (!privatePem || !publicPem)) {
      // Only for local runs: tokens die with the process and replicas would not accept each other's.
      app.log.warn('JWT_SECRET and JWT_PRIVATE_KEY/JWT_PUBLIC_KEY unset: using an ephemeral RSA key pair');
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    }
    const secret = config.jwtSecret ? new TextEncoder().encode(config.jwtSecret) : undefined;
    const privateKey: CryptoKey | Uint8Array = secret ?? (await importPKCS8(privatePem!, ALG));
    const publicKey: CryptoKey | Uint8Array = secret ?? (await importSPKI(publicPem!, ALG));

    if (!config.apiKeyEncryptionKey) app.log.warn('API_KEY_ENCRYPTION_KEY unset: API keys will not survive a restart');
    app.decorate('secretBox', config.apiKeyEncryptionKey ? SecretBox.fromString(config.apiKeyEncryptionKey) : new SecretBox(randomBytes(32)));

    app.decorate('issueToken', async (userId: string) => {
      const token = await new SignJWT({})
        .setProtectedHeader({ alg })
        .setSubject(userId)
        .setIssuer(config.jwtIssuer)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${config.jwtTtlSeconds}s`)
        .sign(privateKey);
      return { token, expiresIn: config.jwtTtlSeconds };
    });

    app.decorate('verifyToken', async (token: string) => {
      try {
        const { payload } = await jwtVerify(token, publicKey, { algorithms: [alg], issuer: config.jwtIssuer, audience: AUDIENCE });
        if (typeof payload.sub !== 'string') throw unauthorized(ErrorCode.TOKEN_INVALID, 'token has no subject');
        return payload.sub;
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw unauthorized(ErrorCode.TOKEN_EXPIRED, 'token expired');
        if (err instanceof joseErrors.JOSEError) throw unauthorized(ErrorCode.TOKEN_INVALID, 'token invalid');
        throw err;
      }
    });

    const verifyApiKey = async (request: FastifyRequest, apiKey: string): Promise<{ userId: string; scopes: Scope[] }> => {
      const timestamp = header(request, 'timestamp');
      const signature = header(request, 'signature');
      if (!timestamp || !signature) throw unauthorized(ErrorCode.UNAUTHENTICATED, 'APIKEY needs timestamp and signature headers');
      const ts = Number(timestamp);
      if (!/^[0-9]{1,16}$/.test(timestamp) || Math.abs(Date.now() - ts) > SIGNATURE_WINDOW_MS) {
        throw unauthorized(ErrorCode.TIMESTAMP_EXPIRED, 'timestamp must be epoch milliseconds within 60 s of server time');
      }
      const key = await lookupKey(apiKey);
      if (!key) throw unauthorized(ErrorCode.API_KEY_INVALID, 'unknown or revoked API key');
      const expected = sign(key.secret, signaturePayload(timestamp, request.method, request.url, request.rawBody ?? ''));
      if (!signaturesEqual(expected, signature)) throw unauthorized(ErrorCode.SIGNATURE_INVALID, 'signature does not match');
      // A signature is good for one request: remembered (shared by every replica) for as long as its
      // timestamp could pass the window check, so a captured request cannot be sent again.
      let fresh: string | null;
      try {
        fresh = await app.redis.set(app.keys.usedSignature(expected), '1', 'PX', 2 * SIGNATURE_WINDOW_MS, 'NX');
      } catch (err) {
        request.log.warn({ err }, 'cannot record the signature');
        throw unavailable('cannot check the request for replay right now, retry later');
      }
      if (fresh === null) throw unauthorized(ErrorCode.SIGNATURE_REUSED, 'this signature was used already; sign every request anew (a new timestamp)');
      return key;
    };

    // Valid keys are remembered briefly so the order path skips a database round trip and a decryption.
    // Revocation clears this replica's entry at once; other replicas forget it within API_KEY_CACHE_MS.
    const keyCache = new Map<string, { userId: string; secret: string; scopes: Scope[]; until: number }>();
    const lookupKey = async (apiKey: string) => {
      const hash = sha256(apiKey);
      const id = hash.toString('hex');
      const hit = keyCache.get(id);
      if (hit && hit.until > Date.now()) return hit;
      const { rows } = await app.db.write.query<{ user_id: string; secret_enc: Buffer; scopes: Scope[] }>(
        'SELECT user_id, secret_enc, scopes FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
        [hash],
      );
      if (rows.length === 0) {
        keyCache.delete(id);
        return undefined;
      }
      const entry = { userId: rows[0].user_id, secret: app.secretBox.open(rows[0].secret_enc), scopes: rows[0].scopes, until: Date.now() + API_KEY_CACHE_MS };
      keyCache.delete(id);
      keyCache.set(id, entry);
      if (keyCache.size > API_KEY_CACHE_ENTRIES) keyCache.delete(keyCache.keys().next().value!);
      return entry;
    };
    app.decorate('forgetApiKeys', () => keyCache.clear());

    const bearerUser = async (request: FastifyRequest): Promise<string | undefined> => {
      const auth = header(request, 'authorization');
      if (auth === undefined) return undefined;
      const match = auth.match(/^Bearer ([A-Za-z0-9_\-.]+)$/);
      if (!match) throw unauthorized(ErrorCode.UNAUTHENTICATED, 'send Authorization: Bearer <jwt> or APIKEY/timestamp/signature');
      return app.verifyToken(match[1]);
    };

    app.decorate('authenticate', async (request: FastifyRequest) => {
      const apiKey = header(request, 'apikey');
      if (apiKey) {
        const key = await verifyApiKey(request, apiKey);
        // Two credentials must name one user; otherwise which one acts would be a guess.
        const sessionUser = await bearerUser(request);
        if (sessionUser !== undefined && sessionUser !== key.userId) {
          throw unauthorized(ErrorCode.CREDENTIALS_CONFLICT, 'the API key and the bearer token belong to different users; send one');
        }
        const needed: Scope = request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'trade';
        if (!key.scopes.includes(needed)) throw forbidden(ErrorCode.SCOPE_MISSING, `this API key lacks the ${needed} scope`);
        request.principal = { userId: key.userId, method: 'apikey', scopes: key.scopes };
        return;
      }
      const userId = await bearerUser(request);
      if (userId === undefined) throw unauthorized(ErrorCode.UNAUTHENTICATED, 'send Authorization: Bearer <jwt> or APIKEY/timestamp/signature');
      request.principal = { userId, method: 'jwt', scopes: [...API_KEY_SCOPES] };
    });

    app.decorate('requireSession', async (request: FastifyRequest) => {
      if (header(request, 'apikey')) throw forbidden(ErrorCode.SESSION_REQUIRED, 'API keys are managed with a session (Bearer token), not with an API key');
      const userId = await bearerUser(request);
      if (userId === undefined) throw unauthorized(ErrorCode.UNAUTHENTICATED, 'send Authorization: Bearer <jwt>');
      request.principal = { userId, method: 'jwt', scopes: [...API_KEY_SCOPES] };
    });
  },
  { name: 'auth', dependencies: ['infra'] },
);

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The authenticated user of a request that passed `authenticate`. */
export function userOf(request: FastifyRequest): string {
  if (!request.principal) throw unauthorized(ErrorCode.UNAUTHENTICATED, 'not authenticated');
  return request.principal.userId;
}
