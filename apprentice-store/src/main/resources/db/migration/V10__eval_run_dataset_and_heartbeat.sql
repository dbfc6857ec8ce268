-- What an evaluation run was given, so that a resume and the CI gate refuse other items (results are paired with
-- items by position only): the stored dataset version read (name@version, NULL for a file, whose digest tells that
-- it changed) and the SHA-256 digest of the items. Runs stored before this migration have neither.
ALTER TABLE eval_runs ADD COLUMN dataset_ref TEXT;
ALTER TABLE eval_runs ADD COLUMN items_digest TEXT;
-- When the process running the run last said it was still at it (epoch milliseconds, every few seconds while it
-- runs): a resume of a run that is running with a fresh heartbeat is refused, as it would make every call twice.
ALTER TABLE eval_runs ADD COLUMN heartbeat_at BIGINT;
