package dev.apprentice.server.guard;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.gateway.config.GuardSettings;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.injection.InjectionDetectors;
import dev.apprentice.guard.injection.InjectionModel;
import dev.apprentice.guard.injection.InjectionScanner;
import dev.apprentice.local.embedding.LazyEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The injection scanners of one server: each detector named in a {@code guard:} block is loaded once and shared (the
 * built-in one is trained from the shipped examples the first time, a few seconds, then kept in the data directory).
 * {@link #warmUp} loads them in the background at start, so the first guarded call does not wait.
 */
final class InjectionScanners {

  private static final System.Logger LOG = System.getLogger(InjectionScanners.class.getName());

  private final InjectionDetectors detectors;
  private final Embedder embedder;
  private final Map<String, Detector> loaded = new ConcurrentHashMap<>();

  InjectionScanners(Path dataDir, Supplier<Embedder> embedder, Clock clock) {
    this.embedder = new LazyEmbedder(embedder);
    this.detectors = new InjectionDetectors(dataDir, this.embedder, clock);
  }

  /** The scanner of one guard block; a detector that was never trained is refused now, not at the first call. */
  Scanner scanner(GuardSettings settings) {
    String name = settings.injectionDetector();
    if (!InjectionDetectors.DEFAULT.equals(name) && !Files.isDirectory(detectors.directory(name))) {
      throw new IllegalArgumentException("guard.injection.detector: no detector named '" + name + "' in "
          + detectors.directory(name).getParent() + " (train it with: apprentice guard train --data FILE --name " + name
          + ")");
    }
    return new InjectionScanner(loaded.computeIfAbsent(name, Detector::new), embedder, settings.injectionThreshold(),
        settings.injectionMaxChars());
  }

  /** Loads every detector asked for so far, in the background. */
  void warmUp() {
    if (loaded.isEmpty()) return;
    Thread.ofVirtual().name("apprentice-injection-detector").start(() -> loaded.values().forEach(d -> {
      try {
        d.get();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "injection detector '" + d.name + "' could not be loaded: " + e.getMessage());
      }
    }));
  }

  /** One detector, loaded on the first call; a failed load is tried again at the next call, and fails that call. */
  private final class Detector implements Supplier<InjectionModel> {
    private final String name;
    private volatile InjectionModel model;

    Detector(String name) {
      this.name = name;
    }

    @Override
    public InjectionModel get() {
      InjectionModel ready = model;
      if (ready != null) return ready;
      synchronized (this) {
        if (model == null) {
          try {
            model = detectors.load(name);
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "injection detector '" + name + "' could not be loaded", e);
            throw new GatewayException(ErrorCode.INTERNAL, "the injection detector '" + name
                + "' could not be loaded: " + e.getMessage());
          }
        }
        return model;
      }
    }
  }
}
