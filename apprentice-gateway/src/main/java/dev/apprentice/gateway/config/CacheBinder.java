package dev.apprentice.gateway.config;

import dev.apprentice.api.cache.CachePolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reads {@code cache:} blocks, top level and per model. */
final class CacheBinder {

  static final LayeredBlock<CacheSettings> BLOCK = new LayeredBlock<>("cache", CacheSettings.defaults(), CacheBinder::read);

  private static final List<String> MODES =
      Arrays.stream(CachePolicy.Mode.values()).map(m -> m.name().toLowerCase(Locale.ROOT)).toList();

  /** The tiers {@code private_values} may name. */
  private static final List<String> PRIVATE_TIERS = List.of("exact", "semantic");

  private CacheBinder() {}

  private static CacheSettings read(Section block, CacheSettings base) {
    String mode = block.choice("mode", base.mode().name().toLowerCase(Locale.ROOT), MODES, "cache mode");
    return new CacheSettings(CachePolicy.Mode.valueOf(mode.toUpperCase(Locale.ROOT)),
        block.number("threshold", base.threshold(), 0, true, 1),
        block.duration("ttl", base.ttl()),
        block.whole("max_entries", base.maxEntries(), 1, 100_000_000),
        block.bool("deterministic_only", base.deterministicOnly()),
        CachePolicy.Mode.valueOf(block.choice("private_values", base.privateValues().name().toLowerCase(Locale.ROOT),
            PRIVATE_TIERS, "cache tier for private values").toUpperCase(Locale.ROOT)));
  }
}
