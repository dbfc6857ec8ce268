package dev.apprentice.guard.injection;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import dev.apprentice.guard.TextNormaliser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains an injection detector from labelled texts: embeds every text once, scores the recipe with stratified k-fold
 * cross-validation, then fits the final model on everything. The model is L2-regularised logistic regression
 * (LIBLINEAR through Tribuo), so scores are calibrated-ish probabilities rather than the near-certainties an
 * unregularised fit gives every imperative sentence. Deterministic for a given set and embedder.
 */
public final class InjectionTrainer {

  /** Folds of the cross-validation recorded in the provenance. */
  public static final int FOLDS = 5;
  private static final long SEED = 20261123L;
  /** LIBLINEAR's C: the inverse strength of the L2 penalty, chosen by cross-validation on the built-in set. */
  public static final double DEFAULT_COST = 4.0;
  /** Texts per embedding request while training: progress is told after each (the embedder batches within it). */
  private static final int EMBED_CHUNK = 128;
  private static final LabelFactory LABELS = new LabelFactory();

  private final Embedder embedder;
  private final Clock clock;
  private final double cost;
  private final TextNormaliser normaliser = new TextNormaliser();

  public InjectionTrainer(Embedder embedder, Clock clock) {
    this(embedder, clock, DEFAULT_COST);
  }

  /** A trainer with another regularisation cost (larger fits the training set more closely). */
  public InjectionTrainer(Embedder embedder, Clock clock, double cost) {
    if (!(cost > 0)) throw new IllegalArgumentException("cost must be positive");
    this.embedder = embedder;
    this.clock = clock;
    this.cost = cost;
  }

  /** A detector named {@code name}, trained on all of {@code set}, with cross-validated quality in its provenance. */
  public InjectionModel train(TrainingSet set, String name) {
    return train(set, name, TrainingProgress.NONE);
  }

  /** {@link #train(TrainingSet, String)}, telling {@code progress} how far it has got. */
  public InjectionModel train(TrainingSet set, String name, TrainingProgress progress) {
    InjectionFeatures features = new InjectionFeatures(embedder.dimensions());
    List<List<Example<Label>>> examples = examples(set, features, progress);
    DetectorProvenance.CrossValidation crossValidation = crossValidate(examples, set.examples(), progress);
    LibLinearClassificationTrainer trainer = trainer();
    Model<Label> model = trainer.train(dataset(examples.stream().flatMap(List::stream).toList(), set.source()));
    progress.reached(TrainingProgress.Stage.FINAL_FIT, 1, 1);
    DetectorProvenance provenance = new DetectorProvenance(name, clock.instant().toString(), set.source(),
        set.sha256(), set.injections(), set.benign(), embedder.model(), embedder.dimensions(), trainer.toString(),
        Tribuo.VERSION, crossValidation);
    return new InjectionModel(model, provenance);
  }

  /**
   * Per training text, its examples: the whole text first, then, for a benign text the scanner would cut into
   * several segments, each segment (a piece of a benign text is benign, and the scanner scores pieces).
   */
  private List<List<Example<Label>>> examples(TrainingSet set, InjectionFeatures features, TrainingProgress progress) {
    List<String> texts = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int i = 0; i < set.examples().size(); i++) {
      LabelledText example = set.examples().get(i);
      String text = normaliser.normalise(example.text()).text();
      texts.add(text);
      owners.add(i);
      List<Segments.Segment> segments = example.injection() ? List.of() : Segments.of(text);
      if (segments.size() < 2) continue;
      for (Segments.Segment segment : segments) {
        texts.add(segment.text());
        owners.add(i);
      }
    }
    List<Embedding> embeddings = embedInChunks(texts, progress);
    List<List<Example<Label>>> examples = new ArrayList<>();
    for (int i = 0; i < set.examples().size(); i++) examples.add(new ArrayList<>());
    for (int k = 0; k < texts.size(); k++) {
      int owner = owners.get(k);
      Label label = new Label(set.examples().get(owner).injection() ? InjectionModel.INJECTION : InjectionModel.BENIGN);
      examples.get(owner).add(new ArrayExample<>(label, features.names(), features.values(embeddings.get(k).vector(),
          texts.get(k))));
    }
    return examples;
  }

  /** The embeddings of {@code texts}, asked for {@value #EMBED_CHUNK} at a time so that progress can be told. */
  private List<Embedding> embedInChunks(List<String> texts, TrainingProgress progress) {
    List<Embedding> embeddings = new ArrayList<>(texts.size());
    progress.reached(TrainingProgress.Stage.EMBEDDING, 0, texts.size());
    for (int from = 0; from < texts.size(); from += EMBED_CHUNK) {
      embeddings.addAll(embedder.embed(texts.subList(from, Math.min(texts.size(), from + EMBED_CHUNK))));
      progress.reached(TrainingProgress.Stage.EMBEDDING, embeddings.size(), texts.size());
    }
    return embeddings;
  }

  private DetectorProvenance.CrossValidation crossValidate(List<List<Example<Label>>> examples,
      List<LabelledText> texts, TrainingProgress progress) {
    List<List<Integer>> folds = stratifiedFolds(texts);
    int right = 0;
    int caught = 0;
    int injections = 0;
    int flaggedBenign = 0;
    int trained = 0;
    for (List<Integer> held : folds) {
      boolean[] heldOut = new boolean[examples.size()];
      for (int i : held) heldOut[i] = true;
      List<Example<Label>> training = new ArrayList<>();
      for (int i = 0; i < examples.size(); i++) if (!heldOut[i]) training.addAll(examples.get(i));
      Model<Label> model = trainer().train(dataset(training, "fold"));
      for (int i : held) {
        boolean injection = texts.get(i).injection();
        Label injectionScore = model.predict(examples.get(i).getFirst()).getOutputScores().get(InjectionModel.INJECTION);
        boolean flagged = injectionScore != null && injectionScore.getScore() >= 0.5;
        if (flagged == injection) right++;
        if (injection) {
          injections++;
          if (flagged) caught++;
        } else if (flagged) {
          flaggedBenign++;
        }
      }
      progress.reached(TrainingProgress.Stage.CROSS_VALIDATION, ++trained, folds.size());
    }
    int benign = examples.size() - injections;
    return new DetectorProvenance.CrossValidation(FOLDS, (double) right / examples.size(),
        injections == 0 ? 0 : (double) caught / injections, benign == 0 ? 0 : (double) flaggedBenign / benign);
  }

  /** Each class shuffled with a fixed seed and dealt round-robin into the folds. */
  private static List<List<Integer>> stratifiedFolds(List<LabelledText> texts) {
    List<List<Integer>> folds = new ArrayList<>();
    for (int f = 0; f < FOLDS; f++) folds.add(new ArrayList<>());
    Random random = new Random(SEED);
    for (boolean injection : new boolean[] {true, false}) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) if (texts.get(i).injection() == injection) members.add(i);
      Collections.shuffle(members, random);
      for (int k = 0; k < members.size(); k++) folds.get(k % FOLDS).add(members.get(k));
    }
    return folds;
  }

  private static MutableDataset<Label> dataset(List<Example<Label>> examples, String source) {
    return new MutableDataset<>(examples, new SimpleDataSourceProvenance(source, LABELS), LABELS);
  }

  private LibLinearClassificationTrainer trainer() {
    return new LibLinearClassificationTrainer(new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR),
        cost, 1000, 0.001, SEED);
  }
}
