import { ErrorCode } from './errors.js';

/** What each error code means; the OpenAPI description lists them all (a test checks none is missing). */
export const ERROR_MEANINGS: Record<keyof typeof ErrorCode, string> = {
  VALIDATION_FAILED: '400: a body, query or path field is missing or malformed (the message names it)',
  INVALID_JSON: '400: the body is not JSON',
  UNSUPPORTED_MEDIA_TYPE: '415: send application/json',
  PAYLOAD_TOO_LARGE: '413: bodies are at most 64 KiB',
  UNAUTHENTICATED: '401: no credentials, or a malformed Authorization header',
  TOKEN_INVALID: '401: the bearer token is not one this API issued',
  TOKEN_EXPIRED: '401: the bearer token expired; sign in again (on WebSocket: private subscriptions ended)',
  API_KEY_INVALID: '401: unknown or revoked API key',
  SIGNATURE_INVALID: '401: the signature does not match timestamp + METHOD + path-with-query + body',
  SIGNATURE_REUSED: '401: this signature was used already; sign each request with a fresh timestamp',
  TIMESTAMP_EXPIRED: '401: the timestamp header is not epoch milliseconds within 60 s of the server',
  CREDENTIALS_CONFLICT: '401: an API key and a bearer token of different users in one request',
  SCOPE_MISSING: '403: the API key lacks the scope (read for GET, trade otherwise)',
  SESSION_REQUIRED: '403: API keys are managed with a session (bearer token) only',
  INVALID_CREDENTIALS: '401: email or password is wrong',
  EMAIL_TAKEN: '409: an account with this email exists',
  NOT_FOUND: '404: no such route',
  METHOD_NOT_ALLOWED: '405',
  UNKNOWN_SYMBOL: '404: the symbol is not traded',
  UNKNOWN_ASSET: '404: the asset is not known',
  INVALID_PRICE: "400: the price is not a positive multiple of the market's tick size (or a MARKET order has one)",
  INVALID_QUANTITY: "400: the quantity is below the minimum or not a multiple of the lot size",
  ORDER_NOT_FOUND: '404: no such order of yours',
  ORDER_NOT_OPEN: '409: the order is filled, cancelled or rejected',
  CLIENT_ORDER_ID_REUSED: '409: this clientOrderId names a different order of yours',
  INVALID_CURSOR: '400: the cursor is not one this API issued',
  API_KEY_NOT_FOUND: '404: no active API key with this id',
  DEPOSITS_DISABLED: '403: dev deposits are off in this deployment',
  RATE_LIMITED: '429: too many requests; wait for Retry-After seconds',
  UPSTREAM_UNAVAILABLE: '503: PostgreSQL, Redis or Kafka is unavailable; nothing was done, retry',
  INTERNAL: '500: a bug; the requestId finds it in the logs',
};

/** The OpenAPI document's description: conventions, error codes and the WebSocket protocol. */
export const API_DESCRIPTION = `
REST and WebSocket API of the exchange. Prices and quantities are decimal strings ("50000.01").
Orders are asynchronous: \`POST /api/v1/orders\` answers 202 \`PENDING\` once the order is durably queued;
the engine's answer (NEW, REJECTED with a reason, fills, cancels) arrives on the \`orders\` WebSocket channel
and in \`GET /api/v1/orders/{id}\`.

## Authentication
- Session: \`Authorization: Bearer <jwt>\` from \`/auth/register\` or \`/auth/login\`.
- API key: headers \`APIKEY\`, \`timestamp\` (epoch ms, within 60 s of the server) and \`signature\` = hex
  HMAC-SHA256 with the key's secret over \`timestamp + METHOD + path-with-query + raw body\`. A signature is
  accepted once. Scopes: \`read\` (GET), \`trade\` (everything else); keys are managed with a session only.

## Errors
Every non-2xx answer is \`{"code", "message", "requestId"}\`. Codes:
${Object.entries(ERROR_MEANINGS)
  .map(([code, meaning]) => `- \`${code}\`: ${meaning}`)
  .join('\n')}

## Paging
Lists are newest first; a full page has an \`X-Next-Cursor\` header to pass as \`cursor\`.

## WebSocket \`/ws\`
Send JSON text frames:
- \`{"op":"subscribe","channel":"orderbook"|"trades"|"ticker","symbol":"BTC-USDT"}\` (public),
- \`{"op":"auth","token":"<jwt>"}\` then \`{"op":"subscribe","channel":"orders"|"fills"|"balances"}\` (your own data),
- \`{"op":"unsubscribe", ...}\` likewise, \`{"op":"ping"}\`.

Replies: \`{"type":"subscribed"|"unsubscribed","channel","key"}\`, \`{"type":"authenticated","userId","expiresAt"}\`,
\`{"type":"pong"}\`, \`{"type":"error","code","message"}\` (codes as above; an unknown symbol is \`UNKNOWN_SYMBOL\`;
when the token expires the private subscriptions end with \`TOKEN_EXPIRED\`).

Data: \`{"type":"snapshot","channel","key","data"}\` once right after subscribing to \`orderbook\` or \`ticker\`
(the whole book, top 50 levels, or the ticker), then \`{"type":"event","channel","key","data"}\` for each change:
- \`orderbook\`: \`{"symbol","bids":[[price,qty]],"asks":[[price,qty]],"ts"}\`, the top levels after the change (replace your copy);
- \`trades\`: \`{"id","symbol","price","quantity","takerSide","executedAt"}\`;
- \`ticker\`: \`{"symbol","lastPrice","lastQuantity","bestBid","bestAsk","volume","tradeCount","open24h","high24h","low24h","volume24h","quoteVolume24h","ts"}\`
  (the 24h figures over the rolling day from stored trades; 24h change = lastPrice / open24h - 1);
- \`orders\`: the order as stored: \`{"event","orderId","clientOrderId","symbol","side","type","timeInForce","price","quantity","filledQuantity","status","reason","updatedAt"}\`
  with \`event\` ACCEPTED, PARTIALLY_FILLED, FILLED, CANCELED or REJECTED; a refused cancel is \`{"event":"COMMAND_REJECTED","command","orderId","reason"}\`;
- \`fills\`: \`{"id","symbol","orderId","side","price","quantity","liquidity":"TAKER"|"MAKER","executedAt"}\`;
- \`balances\`: \`{"event":"BALANCE","asset","available","locked"}\`, or \`{"event":"DEPOSIT_REJECTED","reason","detail"}\`.

Pushes are at most once (also after an engine restart); after a reconnect, read the REST state. The server
pings every 15 s; a client that misses a pong or falls 1 MiB behind is dropped.
`.trim();
