package dev.apprentice.eval.dataset;

import dev.apprentice.eval.suite.DatasetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/** Opens the dataset a suite names: a JSONL or CSV file, or a stored dataset through a resolver. */
public final class DatasetSources {

  private DatasetSources() {}

  /**
   * The suite's items: all, the first {@code limit} (all when there are fewer), or a {@code sample} drawn with the
   * seed (the same seed and file give the same sample, in file order, each item keeping its index in the file); a
   * sample of more items than the dataset has is refused.
   *
   * @param baseDir where a relative path is resolved: the suite file's directory
   * @param stored  finds a stored dataset by name; may be null while no dataset store is wired in
   */
  public static List<EvalItem> load(DatasetSpec spec, Path baseDir, Function<String, DatasetSource> stored,
      long seed) {
    return resolve(spec, baseDir, stored, seed).items();
  }

  /**
   * As {@link #load}, with the stored dataset's version the items were read from: a run keeps it, so that its resume
   * reads that version and not a newer one ({@link ResolvedDataset}).
   */
  public static ResolvedDataset resolve(DatasetSpec spec, Path baseDir, Function<String, DatasetSource> stored,
      long seed) {
    DatasetSource source = open(spec, baseDir, stored);
    return new ResolvedDataset(source.reference(), select(spec, source, seed));
  }

  private static List<EvalItem> select(DatasetSpec spec, DatasetSource source, long seed) {
    List<EvalItem> items = source.load();
    if (items.isEmpty()) throw new IllegalArgumentException("the dataset " + source.describe() + " has no items");
    if (spec.sample() != null && spec.sample() > items.size()) {
      // a sample of more items than there are would be every item, not the random N the suite asks for
      throw new IllegalArgumentException("dataset.sample: " + spec.sample() + " is more than the " + items.size()
          + " items of " + source.describe() + ": sample at most " + items.size() + ", or leave sample out to use"
          + " every item");
    }
    if (spec.sample() != null && spec.sample() < items.size()) {
      List<EvalItem> shuffled = new ArrayList<>(items);
      Collections.shuffle(shuffled, new SplittableRandom(seed));
      List<EvalItem> sample = new ArrayList<>(shuffled.subList(0, spec.sample()));
      sample.sort(Comparator.comparingInt(EvalItem::index));
      return sample;
    }
    return spec.limit() == null || spec.limit() >= items.size() ? items : items.subList(0, spec.limit());
  }

  static DatasetSource open(DatasetSpec spec, Path baseDir, Function<String, DatasetSource> stored) {
    if (spec.path() == null) {
      if (stored == null) {
        throw new IllegalArgumentException("dataset '" + spec.name() + "': stored datasets cannot be read here yet; "
            + "give dataset.path (a JSONL or CSV file)");
      }
      return stored.apply(spec.name());
    }
    Path file = baseDir == null ? Path.of(spec.path()) : baseDir.resolve(spec.path());
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no dataset file " + file);
    return spec.effectiveFormat().equals("csv") ? new CsvDataset(file, spec.columns())
        : new JsonlDataset(file, spec.columns());
  }
}
