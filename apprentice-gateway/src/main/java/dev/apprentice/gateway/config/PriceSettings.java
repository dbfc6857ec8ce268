package dev.apprentice.gateway.config;

/**
 * A model's price in USD per million tokens; a null field falls back to the built-in price table.
 *
 * @param cacheWritePerMtok prompt tokens written to the provider's prompt cache (Anthropic)
 * @param reasoningPerMtok  hidden reasoning tokens, when priced apart from the other output tokens
 */
public record PriceSettings(Double inputPerMtok, Double outputPerMtok, Double cachedInputPerMtok,
    Double cacheWritePerMtok, Double reasoningPerMtok) {}
