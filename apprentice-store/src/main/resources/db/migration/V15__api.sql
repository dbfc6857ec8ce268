-- The wire API a call came through when it is not its operation's own: 'responses' for a chat call made through
-- /v1/responses. Null for /v1/chat/completions (every chat call traced before this column) and for /v1/embeddings.
ALTER TABLE traces ADD COLUMN api TEXT;
