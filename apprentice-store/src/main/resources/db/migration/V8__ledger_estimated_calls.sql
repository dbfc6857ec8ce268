-- Cost reports read the daily ledger (it outlives trace retention and is kept with traces off): it also counts the
-- calls whose tokens were estimated. Rows written before this migration count none.
ALTER TABLE spend_daily ADD COLUMN estimated_calls BIGINT NOT NULL DEFAULT 0;
