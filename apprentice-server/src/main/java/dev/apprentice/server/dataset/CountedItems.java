package dev.apprentice.server.dataset;

import dev.apprentice.api.dataset.DatasetVersion;
import dev.apprentice.store.DatasetStore.ItemSink;
import dev.apprentice.store.DatasetStore.ItemSource;

/**
 * An {@link ItemSource} that counts the items it passes on: what an import or {@code from-traces} added, which an
 * append's version holds besides the items it kept.
 */
public final class CountedItems implements ItemSource {

  private final ItemSource source;
  private long added;

  public CountedItems(ItemSource source) {
    this.source = source;
  }

  @Override
  public void emit(ItemSink sink) {
    source.emit(counting(sink));
  }

  @Override
  public void emit(ItemSink sink, DatasetVersion base) {
    source.emit(counting(sink), base);
  }

  /** The items emitted so far. */
  public long added() {
    return added;
  }

  private ItemSink counting(ItemSink sink) {
    return (input, expected, metadata) -> {
      sink.add(input, expected, metadata);
      added++;
    };
  }
}
