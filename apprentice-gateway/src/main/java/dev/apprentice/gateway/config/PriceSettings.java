package dev.apprentice.gateway.config;

/** A model's price in USD per million tokens; a null field falls back to the built-in price table. */
public record PriceSettings(Double inputPerMtok, Double outputPerMtok, Double cachedInputPerMtok) {}
