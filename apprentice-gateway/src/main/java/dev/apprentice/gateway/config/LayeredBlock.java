package dev.apprentice.gateway.config;

/**
 * A capability block that may appear at the top level, as the default for every model, and under a model, where
 * it overrides the default field by field ({@code circuit_breaker:}, later {@code cache:}, {@code guard:}).
 *
 * @param key the block's key, the same at both levels
 * @param builtin the value when neither level says anything
 * @param fields reads the block, taking each absent field from the given base
 */
record LayeredBlock<T>(String key, T builtin, Fields<T> fields) {

  /** Reads one block; every field the block lacks comes from {@code base}. */
  interface Fields<T> {
    T read(Section block, T base);
  }

  /** The top-level block over the built-in value: the default for every model. */
  T readDefault(Section root) {
    return readUnder(root, builtin);
  }

  /** The block under {@code owner} (a model) over {@code base} (usually {@link #readDefault}'s result). */
  T readUnder(Section owner, T base) {
    Section block = owner.section(key);
    T value = fields.read(block, base);
    block.finish();
    return value;
  }
}
