package dev.apprentice.guard.injection;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.NormalisedText;
import dev.apprentice.guard.Origin;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.TextNormaliser;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Finds injected instructions: the text is normalised, cut into {@link Segments}, every segment is embedded (one
 * batch) and scored by the detector. A segment at or over the threshold is a finding: {@code PROMPT_INJECTION} in
 * the caller's own messages, {@code INDIRECT_INJECTION} in tool results and retrieved content. The risk is the
 * highest segment score, so a clean text still reports how close it came. Scores are kept per segment text (a
 * conversation sends its system prompt and history again with every turn; only new text is embedded).
 */
public final class InjectionScanner implements Scanner {

  public static final String NAME = "injection";
  public static final String PROMPT_INJECTION = "PROMPT_INJECTION";
  public static final String INDIRECT_INJECTION = "INDIRECT_INJECTION";
  /** Segment scores remembered, most recently used first. */
  private static final int SCORES_KEPT = 20_000;

  private final Supplier<InjectionModel> model;
  private final Embedder embedder;
  private final double threshold;
  private final TextNormaliser normaliser = new TextNormaliser();
  private final Cache<String, Double> scores = Caffeine.newBuilder().maximumSize(SCORES_KEPT).build();

  /**
   * @param model     the detector, asked for at the first scan (loading or training it may take seconds)
   * @param embedder  the embedding model the detector was trained with
   * @param threshold a segment counts from this probability
   */
  public InjectionScanner(Supplier<InjectionModel> model, Embedder embedder, double threshold) {
    if (threshold <= 0 || threshold > 1) throw new IllegalArgumentException("threshold must be in (0, 1]");
    this.model = model;
    this.embedder = embedder;
    this.threshold = threshold;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The embedder the detector reads. */
  public Embedder embedder() {
    return embedder;
  }

  @Override
  public double threshold() {
    return threshold;
  }

  @Override
  public ScanResult scan(String text) {
    return scan(text, Origin.PROMPT);
  }

  @Override
  public ScanResult scan(String text, Origin origin) {
    NormalisedText normalised = normaliser.normalise(text);
    List<Segments.Segment> segments = Segments.of(normalised.text());
    if (segments.isEmpty()) return new ScanResult(NAME, List.of(), 0);
    double[] probabilities = probabilities(segments);
    String type = origin.external() ? INDIRECT_INJECTION : PROMPT_INJECTION;
    String subtype = origin.name().toLowerCase(java.util.Locale.ROOT);
    double risk = 0;
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      Segments.Segment segment = segments.get(i);
      double p = probabilities[i];
      risk = Math.max(risk, p);
      if (p < threshold) continue;
      int start = normalised.originalStart(segment.start());
      int end = normalised.originalEnd(segment.end());
      findings.add(new Finding(type, subtype, start, end, p, text.substring(start, end)));
    }
    return new ScanResult(NAME, findings, risk);
  }

  /** Each segment's probability: remembered ones as they were, the others embedded together in one batch. */
  private double[] probabilities(List<Segments.Segment> segments) {
    InjectionModel detector = model.get();
    double[] probabilities = new double[segments.size()];
    List<Integer> unseen = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      Double known = scores.getIfPresent(segments.get(i).text());
      if (known == null) unseen.add(i);
      else probabilities[i] = known;
    }
    if (unseen.isEmpty()) return probabilities;
    List<Embedding> embeddings = embedder.embed(unseen.stream().map(i -> segments.get(i).text()).toList());
    for (int k = 0; k < unseen.size(); k++) {
      String text = segments.get(unseen.get(k)).text();
      double p = detector.probability(embeddings.get(k).vector(), text);
      probabilities[unseen.get(k)] = p;
      scores.put(text, p);
    }
    return probabilities;
  }
}
