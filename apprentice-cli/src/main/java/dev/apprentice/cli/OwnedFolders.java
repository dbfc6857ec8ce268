package dev.apprentice.cli;

import dev.apprentice.api.files.PrivateFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders the server creates and owns inside the data directory: {@code cache/} (cached prompts and answers),
 * {@code collections/} (indexed documents) and {@code native/} (the native libraries it unpacks and loads). They are
 * created owner-only (0700) on POSIX; ones made before Apprentice did so, or by hand, are tightened to 0700 at
 * {@code serve}'s start when others may read, write or enter them. What is inside is left as it is: nobody else can
 * reach it through a private folder. The data directory itself is never changed here ({@link PrivateDataDirectory}).
 */
final class OwnedFolders {

  static final List<String> NAMES = List.of("cache", "collections", "native");

  private OwnedFolders() {}

  /** Tightens those of {@code dataDir}'s folders others could reach; what was changed, {@code path (was ...)} each. */
  static List<String> secure(Path dataDir) {
    List<String> changed = new ArrayList<>(0);
    for (String name : NAMES) PrivateFiles.secureFolder(dataDir.resolve(name)).ifPresent(changed::add);
    return changed;
  }
}
