-- The HTTP status of the error answer an evaluation item's call got (400: the gateway refused the request itself),
-- so that a run that stops on a variant's failed calls says what to fix; 0 when the call got none, or succeeded.
ALTER TABLE eval_items ADD COLUMN call_status INTEGER NOT NULL DEFAULT 0;
