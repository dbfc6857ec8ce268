-- What the guardrails decided for a call (issue: guardrails): the verdicts as a JSON array, null when none ran.
ALTER TABLE traces ADD COLUMN guard TEXT;
