-- A key's own bound on its calls in flight (max_concurrent; null: none), and when it stops being accepted
-- (epoch milliseconds, UTC; null: never). Keys created before these columns have neither.
ALTER TABLE api_keys ADD COLUMN max_concurrent INTEGER;
ALTER TABLE api_keys ADD COLUMN expires_at BIGINT;
