package dev.apprentice.store;

import java.time.LocalDate;

/** Spend of one key (null for anonymous calls) of one tenant on one UTC day. */
public record SpendRow(LocalDate day, String tenant, String keyId, double costUsd) {}
