package dev.apprentice.guard.injection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * A trained injection detector: a Tribuo logistic regression over {@link InjectionFeatures}, with its provenance.
 * Immutable and thread-safe. On disk it is a directory with {@code model.tribuo} and {@code provenance.json}.
 */
public final class InjectionModel {

  static final String INJECTION = "injection";
  static final String BENIGN = "benign";
  private static final String MODEL_FILE = "model.tribuo";
  private static final String PROVENANCE_FILE = "provenance.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Model<Label> model;
  private final InjectionFeatures features;
  private final DetectorProvenance provenance;

  InjectionModel(Model<Label> model, DetectorProvenance provenance) {
    this.model = model;
    this.features = new InjectionFeatures(provenance.dimensions());
    this.provenance = provenance;
  }

  /** Probability that {@code text}, whose embedding is {@code embedding}, carries an injection. */
  public double probability(float[] embedding, String text) {
    ArrayExample<Label> example = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, features.names(),
        features.values(embedding, text));
    Prediction<Label> prediction = model.predict(example);
    Label injection = prediction.getOutputScores().get(INJECTION);
    return injection == null ? 0 : injection.getScore();
  }

  public DetectorProvenance provenance() {
    return provenance;
  }

  /** Writes the detector into {@code dir} (created, replaced whole if it exists). */
  public void save(Path dir) {
    try {
      Files.createDirectories(dir.toAbsolutePath().getParent());
      Path partial = Files.createTempDirectory(dir.toAbsolutePath().getParent(), dir.getFileName() + ".partial");
      model.serializeToFile(partial.resolve(MODEL_FILE));
      JSON.writeValue(partial.resolve(PROVENANCE_FILE).toFile(), provenance);
      deleteRecursively(dir);
      Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the injection detector to " + dir, e);
    }
  }

  /** The provenance of the detector saved in {@code dir}, without loading the model. */
  public static DetectorProvenance provenanceIn(Path dir) {
    try {
      return JSON.readValue(dir.resolve(PROVENANCE_FILE).toFile(), DetectorProvenance.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(PROVENANCE_FILE), e);
    }
  }

  /** Reads a detector {@link #save}d into {@code dir}. */
  public static InjectionModel load(Path dir) {
    Path file = dir.resolve(PROVENANCE_FILE);
    try {
      DetectorProvenance provenance = JSON.readValue(file.toFile(), DetectorProvenance.class);
      file = dir.resolve(MODEL_FILE);
      Model<?> model = Model.deserializeFromFile(file);
      if (!model.validate(Label.class)) throw new IllegalStateException(file + " does not hold a label classifier");
      @SuppressWarnings("unchecked")
      Model<Label> labels = (Model<Label>) model;
      return new InjectionModel(labels, provenance);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new IllegalArgumentException("no injection detector in " + dir + " (missing " + file + ")");
    } catch (IOException | RuntimeException e) {
      // a truncated or overwritten file: the parser's own words, with the file they are about
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
