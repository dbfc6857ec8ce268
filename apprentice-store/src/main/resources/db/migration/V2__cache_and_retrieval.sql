-- What the response cache and retrieval did for a call (issue: local models).
ALTER TABLE traces ADD COLUMN cache_similarity DOUBLE PRECISION;
ALTER TABLE traces ADD COLUMN cost_saved_usd DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE traces ADD COLUMN retrieved TEXT;
