package dev.apprentice.cli;

import dev.apprentice.api.files.FileProblems;
import dev.apprentice.api.files.PrivateFiles;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.store.jdbc.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * At {@code serve}'s start: creates the data directory private to the user (0700) when it is missing, makes the
 * database files private (0600) where others could read them, and says so on one line of {@code err}; an existing
 * data directory others can read is not changed (it may be a folder the user shares with other things, even
 * {@code .}) but named, with the command that would make it private; the folders the server owns inside it are made
 * 0700 where others could reach them ({@link OwnedFolders}), said on one line. An install made before Apprentice
 * kept its files private is tightened this way on its next start.
 */
final class PrivateDataDirectory {

  private PrivateDataDirectory() {}

  static void secure(ApprenticeConfig config, PrintWriter err) {
    Path dir = Path.of(config.dataDir());
    List<String> changed = new ArrayList<>();
    String open = Files.isDirectory(dir) ? PrivateFiles.openToOthers(dir) : null;
    try {
      PrivateFiles.secureDirectory(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the data directory " + dir + ": " + FileProblems.why(e), e);
    }
    Path database = databaseFile(config.store().url());
    if (database != null) changed.addAll(PrivateFiles.secureDatabase(database));
    if (!changed.isEmpty()) {
      err.println("apprentice: notice: made private to this user, as they hold prompts, answers and key hashes: "
          + String.join(", ", changed));
    }
    List<String> folders = OwnedFolders.secure(dir);
    if (!folders.isEmpty()) {
      err.println("apprentice: notice: made the server's folders private to this user, as they hold cached answers,"
          + " indexed documents and the native libraries it loads: " + String.join(", ", folders));
    }
    if (open != null) {
      err.println("apprentice: notice: the data directory " + dir + " is open to other users (" + open + "): its"
          + " reports, indexes and models are readable to them; 'chmod 700 " + dir + "' makes it private");
    }
  }

  private static Path databaseFile(String storeUrl) {
    try {
      return Database.sqliteFile(storeUrl);
    } catch (IllegalArgumentException notAFile) {
      return null; // refused by the config already; the store says so when it opens
    }
  }
}
