-- What kind of call a trace records: 'embeddings' for /v1/embeddings, null for a chat completion.
ALTER TABLE traces ADD COLUMN operation TEXT;
