package dev.apprentice.server.telemetry;

/** How the console log is written: human text lines, or one JSON object per line for log shippers. */
public enum LogFormat {
  TEXT,
  JSON
}
