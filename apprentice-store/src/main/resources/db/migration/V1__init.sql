-- Traces, their upstream attempts, API keys and the daily spend ledger.
-- Portable SQL: valid for SQLite and PostgreSQL. Times are epoch milliseconds, days are 'YYYY-MM-DD' (UTC).
-- Statements are separated by semicolons at line ends; keep semicolons out of comments and literals.

CREATE TABLE traces (
  id                  TEXT PRIMARY KEY,
  started_at          BIGINT NOT NULL,
  tenant              TEXT NOT NULL,
  key_id              TEXT,
  model               TEXT NOT NULL,
  provider            TEXT,
  upstream_model      TEXT,
  response_model      TEXT,
  system_fingerprint  TEXT,
  stream              BOOLEAN NOT NULL,
  status              INTEGER NOT NULL,
  error_code          TEXT,
  error_message       TEXT,
  input_tokens        INTEGER NOT NULL,
  output_tokens       INTEGER NOT NULL,
  cached_input_tokens INTEGER NOT NULL,
  cache_write_tokens  INTEGER NOT NULL,
  reasoning_tokens    INTEGER NOT NULL,
  usage_estimated     BOOLEAN NOT NULL,
  cost_usd            DOUBLE PRECISION NOT NULL,
  latency_ms          DOUBLE PRECISION NOT NULL,
  ttft_ms             DOUBLE PRECISION,
  overhead_ms         DOUBLE PRECISION NOT NULL,
  cache               TEXT,
  end_user            TEXT,
  tags                TEXT NOT NULL,
  metadata            TEXT NOT NULL,
  request             TEXT,
  response            TEXT
);

CREATE INDEX traces_started_at ON traces (started_at);
CREATE INDEX traces_model_started_at ON traces (model, started_at);
CREATE INDEX traces_tenant_started_at ON traces (tenant, started_at);
CREATE INDEX traces_key_started_at ON traces (key_id, started_at);

CREATE TABLE attempts (
  trace_id       TEXT NOT NULL REFERENCES traces (id) ON DELETE CASCADE,
  idx            INTEGER NOT NULL,
  provider       TEXT,
  upstream_model TEXT,
  latency_ms     DOUBLE PRECISION NOT NULL,
  outcome        TEXT,
  http_status    INTEGER NOT NULL,
  error          TEXT,
  PRIMARY KEY (trace_id, idx)
);

CREATE TABLE api_keys (
  id                   TEXT PRIMARY KEY,
  role                 TEXT NOT NULL,
  tenant               TEXT NOT NULL,
  name                 TEXT,
  secret_hash          TEXT NOT NULL,
  models               TEXT NOT NULL,
  rpm                  INTEGER,
  tpm                  INTEGER,
  budget_usd_per_day   DOUBLE PRECISION,
  budget_usd_per_month DOUBLE PRECISION,
  created_at           BIGINT NOT NULL,
  revoked_at           BIGINT
);

-- Kept in the same transaction as the trace inserts. key_id '' stands for anonymous calls (a primary key
-- column cannot be null in PostgreSQL).
CREATE TABLE spend_daily (
  day           TEXT NOT NULL,
  tenant        TEXT NOT NULL,
  key_id        TEXT NOT NULL,
  model         TEXT NOT NULL,
  calls         BIGINT NOT NULL,
  input_tokens  BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cost_usd      DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (day, tenant, key_id, model)
);
