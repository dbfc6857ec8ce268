package dev.apprentice.cli.eval;

import dev.apprentice.server.eval.GatewayChatClient;
import dev.apprentice.api.Embedder;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.files.PrivateFiles;
import dev.apprentice.eval.client.ChatClient;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.local.embedding.LocalModels;
import dev.apprentice.server.ApprenticeServer;
import dev.apprentice.server.local.LocalServices;
import dev.apprentice.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What an evaluation run talks to: the gateway of the config started in this process (on a free loopback port, with
 * the data directory's store), or a running server at {@code --url} with the runs stored in the local data
 * directory. Closing it stops the in-process gateway after its traces are written.
 */
final class Session implements AutoCloseable {

  private final ApprenticeServer server;
  private final Store store;
  private final ChatClient client;
  private final String description;
  private final LocalModels models;

  private Session(ApprenticeServer server, Store store, ChatClient client, String description, ApprenticeConfig local) {
    this.models = server != null ? server.localModels() : LocalServices.localModels(local);
    this.server = server;
    this.store = store;
    this.client = client;
    this.description = description;
  }

  /** The config's gateway started in this process, called as {@code caller}'s key or tenant (see {@link RunCaller}). */
  static Session inProcess(ApprenticeConfig config, String configName, RunCaller caller) {
    try {
      PrivateFiles.createDirectories(Path.of(config.dataDir()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + config.dataDir() + ": " + e.getMessage(), e);
    }
    // no response cache, collections read-only: it runs beside a server on the same data directory
    ApprenticeServer server = ApprenticeServer.startForEvaluation(config.withServer("127.0.0.1", 0), null);
    Caller calling;
    try {
      calling = caller.resolve(config, server.keys());
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    String as = calling.key() != null ? "key " + calling.keyId() + " of tenant " + calling.tenant()
        : "tenant " + calling.tenant();
    return new Session(server, server.store(), new GatewayChatClient(server.gateway(), calling, server.prompts()),
        "the in-process gateway (config: " + configName + "; models: " + String.join(", ", config.models().keySet())
            + "; as " + as + ")",
        config);
  }

  static Session remote(String url, String apiKey, ApprenticeConfig local) {
    return new Session(null, Store.open(local.store().url()), new HttpChatClient(url, apiKey), url, local);
  }

  Store store() {
    return store;
  }

  ChatClient client() {
    return client;
  }

  String description() {
    return description;
  }

  /** The data directory's local embedding model for semantic_similarity, loaded on first use. */
  Supplier<Embedder> embedder() {
    return models::embedder;
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    } else {
      store.close();
      models.close();
    }
  }
}
