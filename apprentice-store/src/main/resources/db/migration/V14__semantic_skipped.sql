-- Why a semantic cache's meaning tier was left out of a call (pii_in_prompt, secret_in_prompt, pii_in_answer,
-- secret_in_answer, private_hit, check_failed): the exact tier alone answered and kept it. Null when it was not.
ALTER TABLE traces ADD COLUMN semantic_skipped TEXT;
