-- Up Migration

CREATE TABLE users (
  id            uuid PRIMARY KEY,
  email         text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- key_hash: SHA-256 of the public key id, so a leaked table does not reveal usable key ids.
-- secret_enc: AES-256-GCM ciphertext of the HMAC secret; verifying an HMAC needs the secret itself.
CREATE TABLE api_keys (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users(id),
  label       text NOT NULL,
  key_prefix  text NOT NULL,
  key_hash    bytea NOT NULL UNIQUE,
  secret_enc  bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id);

-- decimals: the asset's minimal unit is 10^-decimals; the engine counts every amount in minimal units.
CREATE TABLE assets (
  asset    text PRIMARY KEY,
  decimals integer NOT NULL CHECK (decimals BETWEEN 0 AND 18)
);

INSERT INTO assets (asset, decimals) VALUES ('BTC', 8), ('ETH', 8), ('USDT', 6);

-- tick_size is in quote per one base unit and lot_size in base units, as users see them. The engine takes
-- prices per lot in quote minimal units, so tick_size * 10^quote_decimals * lot_size must be a whole number.
CREATE TABLE instruments (
  symbol      text PRIMARY KEY,
  base_asset  text NOT NULL REFERENCES assets(asset),
  quote_asset text NOT NULL REFERENCES assets(asset),
  tick_size   numeric(38, 18) NOT NULL CHECK (tick_size > 0),
  lot_size    numeric(38, 18) NOT NULL CHECK (lot_size > 0),
  min_qty     numeric(38, 18) NOT NULL CHECK (min_qty > 0),
  status      text NOT NULL DEFAULT 'TRADING'
);

INSERT INTO instruments (symbol, base_asset, quote_asset, tick_size, lot_size, min_qty) VALUES
  ('BTC-USDT', 'BTC', 'USDT', 0.01, 0.0001, 0.0001),
  ('ETH-USDT', 'ETH', 'USDT', 0.01, 0.001, 0.001);

CREATE TABLE balances (
  user_id    uuid NOT NULL,
  asset      text NOT NULL,
  available  numeric(38, 18) NOT NULL DEFAULT 0,
  locked     numeric(38, 18) NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, asset)
);

CREATE TABLE orders (
  id              uuid PRIMARY KEY,
  user_id         uuid NOT NULL,
  symbol          text NOT NULL,
  side            text NOT NULL,
  type            text NOT NULL,
  time_in_force   text NOT NULL,
  price           numeric(38, 18),
  quantity        numeric(38, 18) NOT NULL,
  filled_quantity numeric(38, 18) NOT NULL DEFAULT 0,
  status          text NOT NULL,
  reason          text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_user_status_idx ON orders (user_id, status, created_at DESC);
CREATE INDEX orders_user_created_idx ON orders (user_id, created_at DESC);

CREATE TABLE trades (
  id             text PRIMARY KEY,
  symbol         text NOT NULL,
  price          numeric(38, 18) NOT NULL,
  quantity       numeric(38, 18) NOT NULL,
  taker_side     text NOT NULL,
  buy_order_id   uuid NOT NULL,
  sell_order_id  uuid NOT NULL,
  buyer_id       uuid NOT NULL,
  seller_id      uuid NOT NULL,
  executed_at    timestamptz NOT NULL
);
CREATE INDEX trades_symbol_idx ON trades (symbol, executed_at DESC);
CREATE INDEX trades_buyer_idx ON trades (buyer_id, executed_at DESC);
CREATE INDEX trades_seller_idx ON trades (seller_id, executed_at DESC);

-- One row per (consumer group, engine input partition): the last input offset whose results are committed.
-- The engine tags every result with the input command's position; the row is written in the same
-- transaction as the results, so a redelivered or re-emitted result is applied exactly once.
CREATE TABLE consumer_offsets (
  consumer   text NOT NULL,
  topic      text NOT NULL,
  partition  integer NOT NULL,
  last_offset bigint NOT NULL,
  PRIMARY KEY (consumer, topic, partition)
);

-- Down Migration

DROP TABLE consumer_offsets;
DROP TABLE trades;
DROP TABLE orders;
DROP TABLE balances;
DROP TABLE instruments;
DROP TABLE assets;
DROP TABLE api_keys;
DROP TABLE users;
