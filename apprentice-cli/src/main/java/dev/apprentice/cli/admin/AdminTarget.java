package dev.apprentice.cli.admin;

import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigException;
import dev.apprentice.cli.ConfigSource;
import dev.apprentice.local.embedding.LocalModels;
import dev.apprentice.server.admin.KeyModels;
import dev.apprentice.server.local.LocalServices;
import dev.apprentice.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * Where an admin command acts: by default on the store of the resolved config's data directory ({@code --config},
 * {@code --data-dir} as for {@code serve}), or with {@code --url} on a running server, with the admin key.
 */
public final class AdminTarget {

  static final String ADMIN_KEY_ENV = "APPRENTICE_ADMIN_KEY";

  @Option(names = "--url", paramLabel = "URL",
      description = "a running server, e.g. http://127.0.0.1:8080 (default: work on the data directory directly)")
  String url;

  @Option(names = "--admin-key", paramLabel = "KEY", defaultValue = "${env:" + ADMIN_KEY_ENV + "}",
      description = "the admin key, with --url (default: $" + ADMIN_KEY_ENV + ")")
  String adminKey;

  @Option(names = "--config", paramLabel = "FILE",
      description = "config file (default: ./apprentice.yaml if present, else the built-in default)")
  Path config;

  static final String DATA_DIR_ENV = "APPRENTICE_DATA_DIR";

  /**
   * Only what was given on the command line: {@code $APPRENTICE_DATA_DIR} is read when the command works on the data
   * directory, so that a shell which exported it for {@code serve} can still use {@code --url}.
   */
  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "data directory (default: $" + DATA_DIR_ENV + ", else from config: ./.apprentice)")
  String dataDir;

  /**
   * Opens the client. Directly, a data directory without a database is created only when {@code creates};
   * otherwise {@code nothingStored} is told that nothing is stored there yet and the client answers from nothing.
   */
  AdminClient open(boolean creates, Consumer<String> nothingStored) {
    if (remote()) return connect();
    ApprenticeConfig resolved = resolvedConfig();
    return new DirectAdminClient(store(resolved, creates, nothingStored), KeyModels.of(resolved),
        resolved.limits().tenants().keySet(), Clock.systemUTC());
  }

  /**
   * The store of the data directory, or null when it has no database and {@code creates} is false
   * ({@code nothingStored} is told that nothing is stored there yet).
   */
  Store store(boolean creates, Consumer<String> nothingStored) {
    return store(resolvedConfig(), creates, nothingStored);
  }

  /** The model aliases of the resolved config. */
  java.util.Set<String> models() {
    return resolvedConfig().models().keySet();
  }

  /**
   * The store of {@code resolved}'s data directory, or null when it has no database and {@code creates} is false:
   * {@code nothingStored} then hears where the database was looked for ({@code nothing stored yet: no database at
   * PATH (data directory DIR)}), so that a mistyped {@code --data-dir} does not become a new data directory.
   */
  public static Store store(ApprenticeConfig resolved, boolean creates, Consumer<String> nothingStored) {
    String storeUrl = resolved.store().url();
    Path database = sqliteFile(storeUrl);
    if (!creates && database != null && !Files.exists(database)) {
      nothingStored.accept("nothing stored yet: no database at " + database.toAbsolutePath().normalize()
          + " (data directory " + Path.of(resolved.dataDir()).toAbsolutePath().normalize() + ")");
      return null;
    }
    try {
      return Store.open(storeUrl);
    } catch (IllegalArgumentException e) {
      throw AdminFailure.usage(e.getMessage());
    }
  }

  /** True with {@code --url}: the command works on a running server. */
  boolean remote() {
    return url != null;
  }

  /** The client of the server at {@code --url}, after checking the options that go with it. */
  HttpAdminClient connect() {
    if (config != null || dataDir != null) {
      throw AdminFailure.usage("--config and --data-dir work on the data directory directly; leave them out with --url");
    }
    if (adminKey == null || adminKey.isBlank()) {
      throw AdminFailure.usage("--url needs the admin key: pass --admin-key KEY or set " + ADMIN_KEY_ENV);
    }
    return HttpAdminClient.connect(url, adminKey);
  }

  /** The data directory of the resolved config ({@code --config}, {@code --data-dir}). */
  Path dataDirectory() {
    return Path.of(resolvedConfig().dataDir());
  }

  /** The local models of the resolved config: its {@code embeddings:} block, as the server would load them. */
  LocalModels localModels() {
    return LocalServices.localModels(resolvedConfig());
  }

  private ApprenticeConfig resolvedConfig() {
    try {
      ApprenticeConfig loaded = ConfigSource.load(config);
      String dir = dataDir != null ? dataDir : System.getenv(DATA_DIR_ENV);
      return dir == null ? loaded : loaded.withDataDir(dir);
    } catch (ConfigException e) {
      throw AdminFailure.usage("invalid config " + ConfigSource.describe(config) + ": " + String.join("; ", e.problems()));
    }
  }

  /** The database file of a {@code jdbc:sqlite:} URL, or null for another kind of store. */
  public static Path sqliteFile(String storeUrl) {
    String prefix = "jdbc:sqlite:";
    if (!storeUrl.startsWith(prefix)) return null;
    String path = storeUrl.substring(prefix.length());
    if (path.startsWith("file:")) path = path.substring("file:".length());
    int query = path.indexOf('?');
    if (query >= 0) path = path.substring(0, query);
    return path.isBlank() || path.equals(":memory:") ? null : Path.of(path);
  }
}
