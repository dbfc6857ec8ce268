package dev.apprentice.guard.injection;

import dev.apprentice.api.Embedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The injection detectors kept in the data directory, one folder each under {@code guard/injection/}. The
 * {@code default} detector is trained from the built-in examples the first time it is needed and kept; it is trained
 * again when the built-in examples or the embedding model change. Other names are detectors a user trained with
 * {@code apprentice guard train}.
 */
public final class InjectionDetectors {

  public static final String DEFAULT = "default";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  private final Path root;
  private final Embedder embedder;
  private final Clock clock;

  public InjectionDetectors(Path dataDir, Embedder embedder, Clock clock) {
    this.root = dataDir.resolve("guard").resolve("injection");
    this.embedder = embedder;
    this.clock = clock;
  }

  /**
   * The detector called {@code name}; {@code default} is trained on first use (and again when its copy is damaged).
   *
   * @throws IllegalArgumentException when no detector has that name, or it was trained on other embeddings
   * @throws IllegalStateException    when its files cannot be read (naming the file, and how to train it again)
   */
  public InjectionModel load(String name) {
    if (DEFAULT.equals(name)) return builtIn();
    checkName(name);
    Path dir = root.resolve(name);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("no injection detector named '" + name + "' in " + root + "; trained: "
          + (names().isEmpty() ? "none yet" : String.join(", ", names()))
          + " (train one with: apprentice guard train --data FILE --name " + name + ")");
    }
    InjectionModel model;
    try {
      model = InjectionModel.load(dir);
    } catch (RuntimeException damaged) {
      throw new IllegalStateException("the injection detector '" + name + "' is damaged (" + damaged.getMessage()
          + "); train it again: apprentice guard train --data FILE --name " + name, damaged);
    }
    String trainedWith = model.provenance().embedder();
    if (!trainedWith.equals(embedder.model())) {
      throw new IllegalArgumentException("injection detector '" + name + "' was trained on " + trainedWith
          + " embeddings, but this install embeds with " + embedder.model() + "; train it again");
    }
    return model;
  }

  /** Trains a detector on {@code set} and stores it as {@code name}, replacing one of that name. */
  public InjectionModel train(TrainingSet set, String name) {
    return train(set, name, TrainingProgress.NONE);
  }

  /** {@link #train(TrainingSet, String)}, telling {@code progress} how far it has got. */
  public InjectionModel train(TrainingSet set, String name, TrainingProgress progress) {
    checkName(name);
    if (DEFAULT.equals(name)) throw new IllegalArgumentException("'default' is the built-in detector; choose another name");
    InjectionModel model = new InjectionTrainer(embedder, clock).train(set, name, progress);
    model.save(root.resolve(name));
    return model;
  }

  /** Where the detector called {@code name} is kept. */
  public Path directory(String name) {
    return root.resolve(name);
  }

  /** Names of the detectors kept, sorted ({@code default} once it has been trained). */
  public List<String> names() {
    return names(root);
  }

  /** The provenance of every detector kept under {@code dataDir}, by name; nothing is loaded or trained. */
  public static List<DetectorProvenance> kept(Path dataDir) {
    Path root = dataDir.resolve("guard").resolve("injection");
    List<DetectorProvenance> kept = new ArrayList<>();
    for (String name : names(root)) {
      if (Files.exists(root.resolve(name).resolve("provenance.json"))) kept.add(InjectionModel.provenanceIn(root.resolve(name)));
    }
    return kept;
  }

  private static List<String> names(Path root) {
    if (!Files.isDirectory(root)) return List.of();
    try (Stream<Path> dirs = Files.list(root)) {
      List<String> names = new ArrayList<>();
      dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> NAME.matcher(n).matches())
          .sorted().forEach(names::add);
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private InjectionModel builtIn() {
    TrainingSet set = TrainingSets.builtIn();
    Path dir = root.resolve(DEFAULT);
    if (Files.isDirectory(dir)) {
      try {
        InjectionModel kept = InjectionModel.load(dir);
        DetectorProvenance p = kept.provenance();
        if (p.trainingSha256().equals(set.sha256()) && p.embedder().equals(embedder.model())) return kept;
      } catch (RuntimeException unreadable) {
        // a damaged or older copy: train it again below
      }
    }
    InjectionModel model = new InjectionTrainer(embedder, clock).train(set, DEFAULT);
    try {
      model.save(dir);
    } catch (java.io.UncheckedIOException e) {
      // a read-only data directory: the detector still works, it is trained again at the next start
      System.getLogger(InjectionDetectors.class.getName()).log(System.Logger.Level.WARNING,
          "the default injection detector could not be kept in " + dir + " (" + e.getMessage()
              + "); it will be trained again at the next start");
    }
    return model;
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("detector name must be 1-64 of a-z, 0-9, '_' and '-', starting with a letter"
          + " or digit; got '" + name + "'");
    }
  }
}
