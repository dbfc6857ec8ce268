-- The chunks a rag: model's search found but left out of the prompt (a duplicate of a better chunk's text, or over the
-- model's max_context_tokens), as JSON. Null when none was, and for traces kept before this column.
ALTER TABLE traces ADD COLUMN left_out TEXT;
