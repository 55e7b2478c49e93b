-- Up Migration

-- POST /orders writes the order as PENDING before it produces the command, so a cancel sent right after
-- the 202 finds it (and its symbol) whatever the result consumers have stored so far, and a rejected
-- order keeps the details the client sent.
-- client_order_id: the caller's own id, unique per account, which makes placement idempotent.
ALTER TABLE orders ADD COLUMN client_order_id text;
-- Set by DELETE /orders/:id when it produced the CANCEL, so a repeated cancel is not sent again.
ALTER TABLE orders ADD COLUMN cancel_requested_at timestamptz;
CREATE UNIQUE INDEX orders_user_client_order_idx ON orders (user_id, client_order_id) WHERE client_order_id IS NOT NULL;

-- Paging reads (created_at, id) and (executed_at, id) cursors: rows sharing a millisecond are not skipped.
DROP INDEX orders_user_created_idx;
CREATE INDEX orders_user_created_idx ON orders (user_id, created_at DESC, id DESC);

-- Scopes of an API key: read (GET routes), trade (orders, deposits). Key management needs a session.
-- Keys created before scopes existed could trade, so they keep both.
ALTER TABLE api_keys ADD COLUMN scopes text[] NOT NULL DEFAULT '{read,trade}';

-- Down Migration

ALTER TABLE api_keys DROP COLUMN scopes;
DROP INDEX orders_user_created_idx;
CREATE INDEX orders_user_created_idx ON orders (user_id, created_at DESC);
DROP INDEX orders_user_client_order_idx;
ALTER TABLE orders DROP COLUMN cancel_requested_at;
ALTER TABLE orders DROP COLUMN client_order_id;
