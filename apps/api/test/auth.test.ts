import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, importPKCS8 } from 'jose';
import { JWT_PRIVATE_KEY, register, signedHeaders, useApp } from './helpers.js';
import { loadConfig } from '../src/config.js';

describe('auth', () => {
  const ctx = useApp();

  test('register issues an RS256 JWT that /auth/me accepts', async () => {
    const user = await register(ctx.app);
    const [header] = user.token.split('.');
    assert.equal(JSON.parse(Buffer.from(header, 'base64url').toString()).alg, 'RS256');
    const me = await ctx.app.inject({ url: '/api/v1/auth/me', headers: user.auth });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json(), { userId: user.userId, email: user.email });
  });

  test('login checks the password', async () => {
    const user = await register(ctx.app);
    const ok = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'correct horse battery' } });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().userId, user.userId);
    const bad = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'wrong password!' } });
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json().code, 'INVALID_CREDENTIALS');
  });

  test('fails when the email is registered twice', async () => {
    const user = await register(ctx.app);
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: user.email.toUpperCase(), password: 'another password' } });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'EMAIL_TAKEN');
  });

  test('missing, malformed, expired and foreign tokens get 401 with a code', async () => {
    const user = await register(ctx.app);
    const key = await importPKCS8(JWT_PRIVATE_KEY, 'RS256');
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject(user.userId)
      .setIssuer('orderbook-api')
      .setAudience('orderbook-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(key);
    const tampered = user.token.slice(0, -4) + (user.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const cases: [Record<string, string>, string][] = [
      [{}, 'UNAUTHENTICATED'],
      [{ authorization: 'Basic abc' }, 'UNAUTHENTICATED'],
      [{ authorization: 'Bearer not.a.jwt' }, 'TOKEN_INVALID'],
      [{ authorization: `Bearer ${expired}` }, 'TOKEN_EXPIRED'],
      [{ authorization: `Bearer ${tampered}` }, 'TOKEN_INVALID'],
    ];
    for (const [headers, code] of cases) {
      const res = await ctx.app.inject({ url: '/api/v1/balances', headers });
      assert.equal(res.statusCode, 401, JSON.stringify(headers));
      assert.equal(res.json().code, code, JSON.stringify(headers));
    }
  });

  test('API keys: created, used with a signed request, listed, revoked', async () => {
    const user = await register(ctx.app);
    const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: user.auth, payload: { label: 'bot' } });
    assert.equal(created.statusCode, 201);
    const { id, apiKey, secret } = created.json();

    const signed = await ctx.app.inject({ url: '/api/v1/auth/me', headers: signedHeaders(apiKey, secret, 'GET', '/api/v1/auth/me') });
    assert.equal(signed.statusCode, 200);
    assert.equal(signed.json().userId, user.userId);

    const list = await ctx.app.inject({ url: '/api/v1/api-keys', headers: user.auth });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json().map((k: { id: string; revokedAt: string | null }) => [k.id, k.revokedAt]), [[id, null]]);
    assert.equal(JSON.stringify(list.json()).includes(secret), false, 'the secret is never listed');

    const revoke = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: user.auth });
    assert.equal(revoke.statusCode, 204);
    const afterRevoke = await ctx.app.inject({ url: '/api/v1/auth/me', headers: signedHeaders(apiKey, secret, 'GET', '/api/v1/auth/me') });
    assert.equal(afterRevoke.statusCode, 401);
    assert.equal(afterRevoke.json().code, 'API_KEY_INVALID');
    const twice = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: user.auth });
    assert.equal(twice.statusCode, 404);
  });

  test('API-key requests fail when the signature, body or timestamp is wrong', async () => {
    const user = await register(ctx.app);
    const { apiKey, secret } = (await ctx.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: user.auth, payload: { label: 'x', scopes: ['trade'] } })).json();
    const body = JSON.stringify({ asset: 'USDT', amount: '10' });
    const good = signedHeaders(apiKey, secret, 'POST', '/api/v1/dev/deposit', body);
    const cases: [Record<string, string>, string, string][] = [
      [{ ...good, signature: good.signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }, body, 'SIGNATURE_INVALID'],
      [good, body.replace('10', '11'), 'SIGNATURE_INVALID'],
      [signedHeaders(apiKey, secret, 'POST', '/api/v1/dev/deposit', body, Date.now() - 61_000), body, 'TIMESTAMP_EXPIRED'],
      [{ ...good, timestamp: 'yesterday' }, body, 'TIMESTAMP_EXPIRED'],
      [signedHeaders('ak_unknown', secret, 'POST', '/api/v1/dev/deposit', body), body, 'API_KEY_INVALID'],
      [{ apikey: apiKey }, body, 'UNAUTHENTICATED'],
    ];
    for (const [headers, payload, code] of cases) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/dev/deposit', headers: { ...headers, 'content-type': 'application/json' }, payload });
      assert.equal(res.statusCode, 401, code);
      assert.equal(res.json().code, code);
    }
    // The same request correctly signed passes auth (and then meets the disabled deposit switch).
    const ok = await ctx.app.inject({ method: 'POST', url: '/api/v1/dev/deposit', headers: { ...good, 'content-type': 'application/json' }, payload: body });
    assert.equal(ok.statusCode, 403);
    assert.equal(ok.json().code, 'DEPOSITS_DISABLED');
  });

  test('a key cannot be revoked by another user', async () => {
    const owner = await register(ctx.app);
    const other = await register(ctx.app);
    const { id } = (await ctx.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: owner.auth, payload: { label: 'x' } })).json();
    const res = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: other.auth });
    assert.equal(res.statusCode, 404);
  });

  test('a new API key can read but not trade unless given the trade scope', async () => {
    const user = await register(ctx.app);
    const created = (await ctx.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: user.auth, payload: { label: 'reader' } })).json();
    assert.deepEqual(created.scopes, ['read']);
    const read = await ctx.app.inject({ url: '/api/v1/balances', headers: signedHeaders(created.apiKey, created.secret, 'GET', '/api/v1/balances') });
    assert.equal(read.statusCode, 200, read.body);
    const body = JSON.stringify({ symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', price: '50000', quantity: '0.01' });
    const trade = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...signedHeaders(created.apiKey, created.secret, 'POST', '/api/v1/orders', body), 'content-type': 'application/json' },
      payload: body,
    });
    assert.equal(trade.statusCode, 403);
    assert.equal(trade.json().code, 'SCOPE_MISSING');
    const listed = (await ctx.app.inject({ url: '/api/v1/api-keys', headers: user.auth })).json();
    assert.deepEqual(listed.map((k: { scopes: string[] }) => k.scopes), [['read']]);
  });

  test('a trade-only key cannot read', async () => {
    const user = await register(ctx.app);
    const { apiKey, secret } = (await ctx.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: user.auth, payload: { label: 't', scopes: ['trade'] } })).json();
    const res = await ctx.app.inject({ url: '/api/v1/orders/open', headers: signedHeaders(apiKey, secret, 'GET', '/api/v1/orders/open') });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'SCOPE_MISSING');
  });

  test('fails when an API key tries to create, list or revoke API keys', async () => {
    const user = await register(ctx.app);
    const { id, apiKey, secret } = (
      await ctx.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: user.auth, payload: { label: 'all', scopes: ['read', 'trade'] } })
    ).json();
    const body = JSON.stringify({ label: 'child', scopes: ['read', 'trade'] });
    const attempts = [
      { method: 'POST' as const, url: '/api/v1/api-keys', body },
      { method: 'GET' as const, url: '/api/v1/api-keys', body: '' },
      { method: 'DELETE' as const, url: `/api/v1/api-keys/${id}`, body: '' },
    ];
    for (const a of attempts) {
      const res = await ctx.app.inject({
        method: a.method,
        url: a.url,
        headers: { ...signedHeaders(apiKey, secret, a.method, a.url, a.body), ...(a.body ? { 'content-type': 'application/json' } : {}) },
        ...(a.body ? { payload: a.body } : {}),
      });
      assert.equal(res.statusCode, 403, `${a.method} ${a.url}`);
      assert.equal(res.json().code, 'SESSION_REQUIRED');
    }
    const { rows } = await ctx.app.db.write.query('SELECT count(*)::int AS n FROM api_keys WHERE user_id = $1 AND revoked_at IS NULL', [user.userId]);
    assert.equal(rows[0].n, 1);
  });

  test("fails when an API key comes with another user's bearer token", async () => {
    const owner = await register(ctx.app);
    const other = await register(ctx.app);
    const { apiKey, secret } = (await ctx.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: owner.auth, payload: { label: 'k' } })).json();
    const mixed = await ctx.app.inject({ url: '/api/v1/auth/me', headers: { ...signedHeaders(apiKey, secret, 'GET', '/api/v1/auth/me'), ...other.auth } });
    assert.equal(mixed.statusCode, 401);
    assert.equal(mixed.json().code, 'CREDENTIALS_CONFLICT');
    const same = await ctx.app.inject({ url: '/api/v1/auth/me', headers: { ...signedHeaders(apiKey, secret, 'GET', '/api/v1/auth/me', '', Date.now() + 1), ...owner.auth } });
    assert.equal(same.statusCode, 200);
    assert.equal(same.json().userId, owner.userId);
  });
});

describe('auth with a shared JWT_SECRET', () => {
  const secret = 'a-generated-secret-of-at-least-32-chars';
  const ctx = useApp({ jwtSecret: secret });

  test('register issues an HS256 JWT signed with the secret that /auth/me accepts', async () => {
    const user = await register(ctx.app);
    const [header] = user.token.split('.');
    assert.equal(JSON.parse(Buffer.from(header, 'base64url').toString()).alg, 'HS256');
    const me = await ctx.app.inject({ url: '/api/v1/auth/me', headers: user.auth });
    assert.equal(me.statusCode, 200);
  });

  test('fails with TOKEN_INVALID when the token is signed with another secret', async () => {
    const user = await register(ctx.app);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.userId)
      .setIssuer('orderbook-api')
      .setAudience('orderbook-api')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-of-at-least-32-characters'));
    const res = await ctx.app.inject({ url: '/api/v1/balances', headers: { authorization: `Bearer ${forged}` } });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().code, 'TOKEN_INVALID');
  });
});

describe('config: JWT_SECRET', () => {
  test('fails when JWT_SECRET is shorter than 32 characters', () => {
    assert.throws(() => loadConfig({ JWT_SECRET: 'short' }), /JWT_SECRET has 5 characters; at least 32 are required/);
  });
});
