-- The caller's W3C traceparent when it sent a valid one (its span is the parent of the call's exported span).
ALTER TABLE traces ADD COLUMN traceparent TEXT;
