package dev.apprentice.server.local;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Loading;
import dev.apprentice.api.cache.CachePolicy;
import dev.apprentice.api.cache.ResponseCache;
import dev.apprentice.api.files.DataFolders;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.cache.CacheStep;
import dev.apprentice.gateway.cache.PrivateValues;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigException;
import dev.apprentice.gateway.config.EmbeddingSettings;
import dev.apprentice.gateway.config.ModelSettings;
import dev.apprentice.gateway.config.RagSettings;
import dev.apprentice.gateway.rag.RagStep;
import dev.apprentice.gateway.rag.RetrievedContentCheck;
import dev.apprentice.local.cache.LuceneResponseCache;
import dev.apprentice.local.collection.Collections;
import dev.apprentice.local.collection.LocalRetriever;
import dev.apprentice.local.embedding.EmbedderSettings;
import dev.apprentice.local.embedding.LazyEmbedder;
import dev.apprentice.local.embedding.LoadingEmbedder;
import dev.apprentice.local.embedding.LocalModels;
import dev.apprentice.local.embedding.ModelSource;
import dev.apprentice.server.StartupTasks;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the server runs in-process: the local models (the embedder loads in the background, at start when some model
 * embeds, else on first use; a call waits for it no longer than its deadline), the vector collections under
 * {@code <data_dir>/collections}, and the response cache under {@code <data_dir>/cache} (opened only when some model
 * caches, and never for an evaluation: {@link Use}). {@link #install} adds the cache and retrieval steps to the
 * gateway.
 */
public final class LocalServices implements AutoCloseable {

  /** What the local services are opened for. */
  public enum Use {
    /** A server: the response cache (when some model caches) and the collections, which it writes. */
    SERVE,
    /**
     * An evaluation's gateway in the CLI's process: no response cache (evaluation calls never take an answer from it,
     * so its answers are not kept either) and the collections read-only, so that it runs beside a server on the same
     * data directory, which holds both for writing.
     */
    EVALUATE
  }

  /** Answers waiting to be kept in the cache; past this, answers are not kept rather than calls slowed. */
  private static final int PENDING_CACHE_WRITES = 1024;

  private final ApprenticeConfig config;
  private final LocalModels models;
  private final Collections collections;
  /** Null for an evaluation, whose collections are read-only. */
  private final IdleCollectionWriters idleWriters;
  private final ResponseCache cache;
  private final ExecutorService cacheWrites;
  private final Supplier<Embedder> embedder;
  private final Supplier<Embedder> detectorEmbedder;

  LocalServices(ApprenticeConfig config, LocalModels models, Supplier<Embedder> embedder,
      Supplier<Embedder> detectorEmbedder, Collections collections, ResponseCache cache, boolean writing) {
    this.config = config;
    this.models = models;
    this.embedder = embedder;
    this.detectorEmbedder = detectorEmbedder;
    this.collections = collections;
    this.idleWriters = writing ? IdleCollectionWriters.start(collections) : null;
    this.cache = cache;
    this.cacheWrites = cache == null ? null : new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(PENDING_CACHE_WRITES), Thread.ofPlatform().daemon().name("apprentice-cache-writes")
        .factory(), new ThreadPoolExecutor.AbortPolicy());
  }

  /**
   * The local models of {@code config} as its {@code embeddings:} block says (model directory and settings over the
   * defaults), unpacking native libraries under its data directory; for the CLI commands that work on a data directory
   * without a server, so that they embed with the model the server would.
   */
  public static LocalModels localModels(ApprenticeConfig config) {
    return localModels(config.embeddings(), Path.of(config.dataDir()));
  }

  /** The local models as the {@code embeddings:} block says: its model directory and settings over the defaults. */
  static LocalModels localModels(EmbeddingSettings embeddings, Path dataDir) {
    ModelSource source = embeddings.modelDir() == null ? ModelSource.classpath()
        : ModelSource.directory(Path.of(embeddings.modelDir()));
    EmbedderSettings settings = EmbedderSettings.defaults();
    if (embeddings.threads() != null) settings = settings.withIntraOpThreads(embeddings.threads());
    if (embeddings.workers() != null) settings = settings.withWorkers(embeddings.workers());
    if (embeddings.maxBatch() != null) settings = settings.withMaxBatch(embeddings.maxBatch());
    if (embeddings.spinning() != null) settings = settings.withSpinning(embeddings.spinning());
    return new LocalModels(source, DataFolders.nativeLibraries(dataDir), settings);
  }

  /**
   * Opens the local services of the config's data directory.
   *
   * @param embedder the embedder to use instead of the built-in model (a test's fake), or null for the built-in one;
   *                 asked for once, in the background, as the built-in model is loaded
   * @param startup  where the built-in model's background load is started when some model embeds (the server is not
   *                 ready until it has loaded)
   * @param use      a server's, or an evaluation's beside it
   */
  public static LocalServices open(ApprenticeConfig config, Supplier<Embedder> embedder, Clock clock,
      StartupTasks startup, Use use) {
    Path dataDir = Path.of(config.dataDir());
    LocalModels models = localModels(config.embeddings(), dataDir);
    Loading<Embedder> given = embedder == null ? null : new Loading<>(LocalModels.EMBEDDING_LOAD, embedder);
    Embedder givenView = given == null ? null : new LoadingEmbedder(given);
    Supplier<Embedder> source = given != null ? () -> givenView : models::embedder;
    Path folder = DataFolders.collections(dataDir);
    Collections collections = use == Use.EVALUATE ? Collections.readOnly(folder, source, clock)
        : new Collections(folder, source, clock);
    ResponseCache cache = null;
    try {
      if (use == Use.SERVE && anyModelCaches(config)) {
        cache = new LuceneResponseCache(DataFolders.cache(dataDir), new LazyEmbedder(source), clock);
      }
      if (embedder == null && config.embeddings().modelDir() != null) {
        checkLoads(models, config.embeddings().modelDir());
      } else if (needsEmbeddings(config, cache != null)) {
        startup.start(LocalModels.EMBEDDING_LOAD, given != null ? () -> given.get()
            : () -> models.embedder().embed("warm up"));
      }
      return new LocalServices(config, models, source, given != null ? source : models::quantizedEmbedder,
          collections, cache, use == Use.SERVE);
    } catch (RuntimeException e) {
      if (cache != null) cache.close();
      collections.close();
      models.close();
      throw e;
    }
  }

  /** True when calls of some model embed text: a semantic cache (when there is a cache) or retrieval. */
  private static boolean needsEmbeddings(ApprenticeConfig config, boolean caching) {
    return config.models().values().stream()
        .anyMatch(m -> m.rag() != null || (caching && m.cache().mode() == CachePolicy.Mode.SEMANTIC));
  }

  /**
   * Loads a configured model directory's model now: files that exist but are no model (the config check sees only
   * that they exist) stop the start with the directory named, instead of failing the first call that embeds.
   */
  private static void checkLoads(LocalModels models, String modelDir) {
    try {
      models.embedder().embed("warm up");
    } catch (RuntimeException e) {
      throw new ConfigException("embeddings.model_dir: the model in " + modelDir + " does not load: " + e.getMessage());
    }
  }

  private static boolean anyModelCaches(ApprenticeConfig config) {
    return config.models().values().stream().anyMatch(m -> m.cache().mode() != CachePolicy.Mode.OFF);
  }

  /**
   * Adds the cache step (when some model caches), whose semantic tier leaves alone calls that hold
   * {@code privateValues}, and the retrieval step (when some model has {@code rag:}), whose chunks pass
   * {@code retrieved} before they go into the prompt; {@code counting} says who hears the cache's lookups and those
   * that could not embed their prompt in time (the metrics).
   */
  public void install(Gateway.Builder builder, RetrievedContentCheck retrieved, PrivateValues privateValues,
      CacheStep.Options counting) {
    LocalRetriever retriever = new LocalRetriever(collections);
    if (cache != null) {
      Map<String, RetrievalRecipe> recipes = new HashMap<>();
      Map<String, String> routes = new HashMap<>();
      config.models().forEach((name, model) -> {
        if (model.rag() != null) recipes.put(name, RetrievalRecipe.of(model));
        routes.put(name, route(model));
      });
      Function<String, String> knowledge = model -> {
        RetrievalRecipe recipe = recipes.get(model);
        String route = routes.get(model);
        return recipe == null ? route : route + " " + recipe.key(retriever);
      };
      builder.interceptor(new CacheStep(cache, model -> settingsOf(model).cache(), cacheWrites,
          counting.withKnowledge(knowledge).withPrivateValues(privateValues)));
    }
    if (config.models().values().stream().anyMatch(m -> m.rag() != null)) {
      builder.interceptor(new RagStep(retriever, model -> settingsOf(model).rag(), retrieved));
    }
  }

  /**
   * The upstream models that answer a model alias, in their order ({@code provider/model, ...}): its cached answers are
   * keyed by them, so that once the alias is pointed at another model (and the server restarted) the answers the old
   * one made are not served as the new one's.
   */
  private static String route(ModelSettings model) {
    return "targets: " + model.targets().stream().map(t -> t.provider() + "/" + t.model())
        .collect(Collectors.joining(", "));
  }

  /**
   * What a retrieving model's cached answers are keyed by besides the request: its collection's revision, read per
   * call ("unavailable" when the collection cannot be read; retrieval then fails too, and such answers are not kept),
   * and, fixed from the start, the {@code rag:} settings that turn the retrieved chunks into the prompt and how its
   * input guard treats the chunks (a hit skips retrieval and so the guard's reading of them: an answer made from
   * documents the guard now redacts or leaves out must not be served).
   *
   * @param settings the part after the revision: the prompt recipe and the guard's, worked out once
   */
  private record RetrievalRecipe(String collection, String settings) {

    static RetrievalRecipe of(ModelSettings model) {
      RagSettings rag = model.rag();
      String guard = model.guard().inputRecipe();
      return new RetrievalRecipe(rag.collection(),
          " " + rag.promptRecipe() + (guard.isEmpty() ? "" : " guard: " + guard));
    }

    String key(LocalRetriever retriever) {
      String revision;
      try {
        revision = retriever.revision(collection);
      } catch (RuntimeException e) {
        revision = "unavailable";
      }
      return collection + "@" + revision + settings;
    }
  }

  private ModelSettings settingsOf(String model) {
    return config.models().get(model);
  }

  /** The embedder every local component uses (the built-in model, or the one given to {@link #open}), loaded lazily. */
  public Supplier<Embedder> embedder() {
    return embedder;
  }

  /**
   * The embedder of the guardrails' injection detector: the int8-quantised local model (faster per text), or the one
   * given to {@link #open}; loaded lazily.
   */
  public Supplier<Embedder> detectorEmbedder() {
    return detectorEmbedder;
  }

  public LocalModels models() {
    return models;
  }

  public Collections collections() {
    return collections;
  }

  /** The response cache, or null when no model caches. */
  public ResponseCache cache() {
    return cache;
  }

  /**
   * Keeps the answers still waiting (up to a few seconds), then closes the cache, the collections and the models; one
   * that fails to close (a cache whose last commit meets a full disk) does not keep the others open.
   */
  @Override
  public void close() {
    try {
      closeCache();
    } finally {
      try {
        if (idleWriters != null) idleWriters.close();
        collections.close();
      } finally {
        models.close();
      }
    }
  }

  private void closeCache() {
    if (cacheWrites != null) {
      cacheWrites.shutdown();
      try {
        cacheWrites.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (cache != null) cache.close();
  }
}
