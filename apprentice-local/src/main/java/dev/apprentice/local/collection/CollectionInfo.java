package dev.apprentice.local.collection;

/**
 * A collection as listed: its settings and how many documents and chunks it holds.
 *
 * @param documents the documents in it
 * @param chunks    the chunks of those documents (one indexed vector each)
 */
public record CollectionInfo(CollectionSettings settings, long documents, long chunks) {

  public String name() {
    return settings.name();
  }
}
