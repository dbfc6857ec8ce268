-- What each upstream attempt is booked at: the answer's tokens and cost, or, for an attempt given up after its request
-- was sent (a timeout, the client leaving, an unreadable answer), its prompt counted locally at the target's input
-- price (cost_estimated true). Rows written before this migration say 0 and false: their calls booked only answers.
ALTER TABLE attempts ADD COLUMN input_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN output_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN cost_estimated BOOLEAN NOT NULL DEFAULT FALSE;
