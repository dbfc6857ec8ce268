package dev.apprentice.gateway.config;

import java.util.Objects;

/** The database ({@code store.url}): a JDBC URL, by default SQLite inside the data directory. */
public record StoreSettings(String url) {

  public StoreSettings {
    Objects.requireNonNull(url, "url");
  }

  /** The default store for a data directory: {@code jdbc:sqlite:<data_dir>/apprentice.db}. */
  public static StoreSettings inDataDir(String dataDir) {
    String dir = dataDir.endsWith("/") && dataDir.length() > 1 ? dataDir.substring(0, dataDir.length() - 1) : dataDir;
    return new StoreSettings("jdbc:sqlite:" + dir + "/apprentice.db");
  }
}
