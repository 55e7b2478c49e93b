-- Up Migration

-- Candles (GET /markets/{symbol}/candles) and the ticker's 24h figures aggregate one symbol's trades over a
-- time range. With price and quantity in the index, that is an index-only range scan (no heap reads), and
-- id makes (executed_at, id) the stable order the public trade list and 24h open use. It replaces the
-- narrower (symbol, executed_at DESC) index, which a backward scan of this one serves as well.
CREATE INDEX trades_symbol_time_cover_idx ON trades (symbol, executed_at, id) INCLUDE (price, quantity);
DROP INDEX trades_symbol_idx;

-- Down Migration

CREATE INDEX trades_symbol_idx ON trades (symbol, executed_at DESC);
DROP INDEX trades_symbol_time_cover_idx;
