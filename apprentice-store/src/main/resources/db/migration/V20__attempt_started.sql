-- When each upstream attempt began, in milliseconds after its call's start: where a wait before a retry, or the
-- retrieval and guards before the first attempt, fell. Null for attempts kept before this column.
ALTER TABLE attempts ADD COLUMN started_ms DOUBLE PRECISION;
