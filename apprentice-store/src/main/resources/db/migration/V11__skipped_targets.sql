-- The targets a call passed over without a request (an open circuit, a request the provider cannot translate), as a
-- JSON array of {provider, upstreamModel, reason, message}; null when none was.
ALTER TABLE traces ADD COLUMN skipped TEXT;
