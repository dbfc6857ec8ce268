-- How long a rag: model's search took, in milliseconds (embedding the query, its wait for the local model included,
-- and searching the collection). Null when no search ran, and for traces kept before this column.
ALTER TABLE traces ADD COLUMN retrieval_ms DOUBLE PRECISION;
