package dev.apprentice.server.guard;

import dev.apprentice.api.ClosedException;
import dev.apprentice.api.Deadline;
import dev.apprentice.api.DeadlineExceededException;
import dev.apprentice.api.Embedder;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Loading;
import dev.apprentice.gateway.config.GuardSettings;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.injection.InjectionDetectors;
import dev.apprentice.guard.injection.InjectionModel;
import dev.apprentice.guard.injection.InjectionScanner;
import dev.apprentice.guard.injection.SegmentScores;
import dev.apprentice.local.embedding.LazyEmbedder;
import dev.apprentice.server.StartupTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The injection scanners of one server: each detector named in a {@code guard:} block is loaded once and shared, with
 * the scores it has given (the built-in one is trained from the shipped examples the first time, a few seconds, then
 * kept in the data directory).
 * {@link #warmUp} loads them in the background at start, so the first guarded call does not wait (and the server is
 * not ready until they have loaded); a call that comes before waits no longer than its deadline.
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
    String missing = missing(name);
    if (missing != null) throw new IllegalArgumentException("guard.injection.detector: " + missing);
    Detector detector = loaded.computeIfAbsent(name, Detector::new);
    return new InjectionScanner(detector::within, embedder, settings.injectionThreshold(),
        new InjectionScanner.Limits(settings.injectionMaxChars(), settings.injectionMaxCharsPerCall()), detector.scores);
  }

  /**
   * Why the detector called {@code name} cannot be used, with the command that trains it, or null when it can: the
   * built-in one is trained on first use, any other must have been trained into the data directory. Only its folder
   * is looked for; nothing is loaded.
   */
  String missing(String name) {
    if (InjectionDetectors.DEFAULT.equals(name) || Files.isDirectory(detectors.directory(name))) return null;
    return "no detector named '" + name + "' in " + detectors.directory(name).getParent()
        + " (train it with: apprentice guard train --data FILE --name " + name + ")";
  }

  /** Loads every detector asked for so far, each as a background task of {@code startup}. */
  void warmUp(StartupTasks startup) {
    for (Detector detector : loaded.values()) {
      startup.start(detector.loading.what(), () -> detector.loading.get());
    }
  }

  /**
   * One detector, loaded (or trained) once, in the background, from the first call or the warm-up on; its segment
   * scores are shared by the scanners of every guard block that names it. A call waits for its load until the call's
   * deadline at most; a load that failed fails every call at once and is not tried again (the server stays not ready
   * with its error until it restarts).
   */
  private final class Detector {
    private final String name;
    private final SegmentScores scores = new SegmentScores();
    private final Loading<InjectionModel> loading;
    /** Whether the load's failure was logged with its stack trace: once, since every later call fails the same. */
    private final AtomicBoolean logged = new AtomicBoolean();

    Detector(String name) {
      this.name = name;
      this.loading = new Loading<>("the injection detector '" + name + "'", () -> detectors.load(name));
    }

    /**
     * The detector for a call, waited for within its deadline (past it, a
     * {@link dev.apprentice.api.DeadlineExceededException} naming this load); a failure to load it fails the call with
     * a 500 that names it.
     */
    InjectionModel within(Deadline deadline) {
      try {
        return loading.get(deadline);
      } catch (DeadlineExceededException | CancellationException e) {
        throw e;
      } catch (RuntimeException e) {
        if (ClosedException.within(e) instanceof ClosedException closed) throw closed.refusal();
        if (logged.compareAndSet(false, true)) {
          LOG.log(System.Logger.Level.ERROR, "injection detector '" + name + "' could not be loaded", e);
        }
        throw new GatewayException(ErrorCode.INTERNAL, "the injection detector '" + name
            + "' could not be loaded: " + Loading.why(e));
      }
    }
  }
}
