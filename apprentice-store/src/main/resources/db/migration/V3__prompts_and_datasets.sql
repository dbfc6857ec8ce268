-- The prompt registry and versioned datasets (issue: evaluation), and the prompt a traced call was made with.
-- Portable SQL: valid for SQLite and PostgreSQL. Times are epoch milliseconds. JSON is stored as text.

ALTER TABLE traces ADD COLUMN prompt TEXT;
CREATE INDEX traces_prompt_started_at ON traces (prompt, started_at);

-- Immutable prompt versions, numbered 1, 2, 3... per name.
CREATE TABLE prompts (
  name       TEXT NOT NULL,
  version    INTEGER NOT NULL,
  messages   TEXT NOT NULL,
  model      TEXT,
  parameters TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (name, version)
);

-- Movable labels (production, staging, ...) pointing at a version.
CREATE TABLE prompt_labels (
  name       TEXT NOT NULL,
  label      TEXT NOT NULL,
  version    INTEGER NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (name, label),
  FOREIGN KEY (name, version) REFERENCES prompts (name, version)
);

-- Immutable dataset versions, each holding a full copy of its items.
CREATE TABLE datasets (
  name       TEXT NOT NULL,
  version    INTEGER NOT NULL,
  items      INTEGER NOT NULL,
  source     TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (name, version)
);

CREATE TABLE dataset_items (
  dataset  TEXT NOT NULL,
  version  INTEGER NOT NULL,
  idx      INTEGER NOT NULL,
  input    TEXT NOT NULL,
  expected TEXT,
  metadata TEXT NOT NULL,
  PRIMARY KEY (dataset, version, idx),
  FOREIGN KEY (dataset, version) REFERENCES datasets (name, version) ON DELETE CASCADE
);
