-- Why a rag: model's call went without retrieval (no_query: no user message with text to search with); null when it
-- retrieved or the model has no rag:.
ALTER TABLE traces ADD COLUMN retrieval_skipped TEXT;
