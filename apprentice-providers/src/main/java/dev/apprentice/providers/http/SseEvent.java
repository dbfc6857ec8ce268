package dev.apprentice.providers.http;

/** One Server-Sent Event: its {@code event:} name (null when absent) and its {@code data:} lines joined by newlines. */
public record SseEvent(String event, String data) {}
