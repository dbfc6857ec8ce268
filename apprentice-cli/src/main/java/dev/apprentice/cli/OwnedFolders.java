package dev.apprentice.cli;

import dev.apprentice.api.files.DataFolders;
import dev.apprentice.api.files.PrivateFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders the server creates and owns inside the data directory ({@link DataFolders#OWNED}). They are created
 * owner-only (0700) on POSIX; ones made before Apprentice did so, or by hand, are tightened to 0700 at
 * {@code serve}'s start when others may read, write or enter them. What is inside is left as it is: nobody else can
 * reach it through a private folder. The data directory itself is never changed here ({@link PrivateDataDirectory}).
 */
final class OwnedFolders {

  private OwnedFolders() {}

  /** Tightens those of {@code dataDir}'s folders others could reach; what was changed, {@code path (was ...)} each. */
  static List<String> secure(Path dataDir) {
    List<String> changed = new ArrayList<>(0);
    for (String name : DataFolders.OWNED) PrivateFiles.secureFolder(dataDir.resolve(name)).ifPresent(changed::add);
    return changed;
  }
}
