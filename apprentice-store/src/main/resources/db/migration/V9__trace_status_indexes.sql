-- Trace filters by status walk an index in time order instead of scanning every trace from the newest back: an
-- HTTP status (or ok, status 200) by the first index, error by the second, which holds only the failed calls.
-- The second index's condition must stay word for word the one TraceFilter writes for status error.
CREATE INDEX traces_status_started_at ON traces (status, started_at);
CREATE INDEX traces_errors_started_at ON traces (started_at) WHERE status <> 200 OR error_code IS NOT NULL;
