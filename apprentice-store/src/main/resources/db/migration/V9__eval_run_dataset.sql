-- What an evaluation run was given, so that a resume and the CI gate refuse other items (results are paired with
-- items by position only): the stored dataset version read (name@version, NULL for a file, whose digest tells that
-- it changed) and the SHA-256 digest of the items. Runs stored before this migration have neither.
ALTER TABLE eval_runs ADD COLUMN dataset_ref TEXT;
ALTER TABLE eval_runs ADD COLUMN items_digest TEXT;
