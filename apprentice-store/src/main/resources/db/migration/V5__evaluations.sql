-- Evaluation runs and their per-item results (issue: evaluation). Portable SQL for SQLite and PostgreSQL.
-- Times are epoch milliseconds. Depends on V1 only (not on V3).

CREATE TABLE eval_runs (
  id         TEXT PRIMARY KEY,
  suite      TEXT NOT NULL,
  suite_text TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at   BIGINT,
  status     TEXT NOT NULL
);

CREATE INDEX eval_runs_started_at ON eval_runs (started_at);

-- metrics: JSON object, metric name to {value, statistics, cost_usd, tokens, note}. A NULL error means success.
CREATE TABLE eval_items (
  run_id         TEXT NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,
  variant        TEXT NOT NULL,
  item_index     INTEGER NOT NULL,
  output         TEXT NOT NULL,
  metrics        TEXT NOT NULL,
  latency_ms     DOUBLE PRECISION NOT NULL,
  input_tokens   INTEGER NOT NULL,
  output_tokens  INTEGER NOT NULL,
  cost_usd       DOUBLE PRECISION NOT NULL,
  judge_cost_usd DOUBLE PRECISION NOT NULL,
  judge_tokens   BIGINT NOT NULL,
  trace_id       TEXT,
  error          TEXT,
  PRIMARY KEY (run_id, variant, item_index)
);
