package dev.apprentice.api.files;

import java.nio.file.Path;
import java.util.List;

/**
 * The folders the server creates and owns inside the data directory, each named here once: {@code cache/} (cached
 * prompts and answers), {@code collections/} (indexed documents) and {@code native/} (the native libraries it unpacks
 * and loads). The names are on disk in every install, so they never change.
 */
public final class DataFolders {

  public static final String CACHE = "cache";
  public static final String COLLECTIONS = "collections";
  public static final String NATIVE = "native";
  /** Every folder above, in that order. */
  public static final List<String> OWNED = List.of(CACHE, COLLECTIONS, NATIVE);

  private DataFolders() {}

  /** The response cache's folder in {@code dataDir}. */
  public static Path cache(Path dataDir) {
    return dataDir.resolve(CACHE);
  }

  /** The collections' folder in {@code dataDir}. */
  public static Path collections(Path dataDir) {
    return dataDir.resolve(COLLECTIONS);
  }

  /** The folder in {@code dataDir} that native libraries are unpacked into. */
  public static Path nativeLibraries(Path dataDir) {
    return dataDir.resolve(NATIVE);
  }
}
