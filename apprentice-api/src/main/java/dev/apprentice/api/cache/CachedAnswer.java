package dev.apprentice.api.cache;

/**
 * An answer to keep.
 *
 * @param response the chat completion as JSON (for a stream, the assembled completion)
 * @param costUsd  what producing it cost, reported as the saving on each later hit
 */
public record CachedAnswer(String response, double costUsd) {}
