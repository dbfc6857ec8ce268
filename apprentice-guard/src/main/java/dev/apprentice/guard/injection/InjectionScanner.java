package dev.apprentice.guard.injection;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.NormalisedText;
import dev.apprentice.guard.Origin;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.TextDigest;
import dev.apprentice.guard.TextNormaliser;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Finds injected instructions in the user's turns, tool results and retrieved chunks (the operator's system prompt
 * and the model's own earlier answers are not read: they are trusted, and system prompts are full of "ignore"
 * and "never reveal"). The text is normalised, cut into {@link Segments}, every segment is embedded (one
 * batch) and scored by the detector. A segment at or over the threshold is a finding: {@code PROMPT_INJECTION} in
 * the caller's own messages, {@code INDIRECT_INJECTION} in tool results and retrieved content. The risk is the
 * highest segment score, so a clean text still reports how close it came. Scores are remembered per segment (a
 * conversation sends its system prompt and history again with every turn; only new text is embedded) in {@link
 * SegmentScores}, which the scanners over one detector may share.
 */
public final class InjectionScanner implements Scanner {

  public static final String NAME = "injection";
  public static final String PROMPT_INJECTION = "PROMPT_INJECTION";
  public static final String INDIRECT_INJECTION = "INDIRECT_INJECTION";
  /** A finding over the part of a text past the scanner's limit, which was not read. */
  public static final String TEXT_TOO_LONG = "TEXT_TOO_LONG";
  /** The most characters of one text read by default (64 KiB: several hundred sentences, under a second). */
  public static final int DEFAULT_MAX_CHARS = 65_536;

  private final Supplier<InjectionModel> model;
  private final Embedder embedder;
  private final double threshold;
  private final int maxChars;
  private final TextNormaliser normaliser = new TextNormaliser();
  private final SegmentScores scores;

  /**
   * @param model     the detector, asked for at the first scan (loading or training it may take seconds)
   * @param embedder  the embedding model the detector was trained with
   * @param threshold a segment counts from this probability
   */
  public InjectionScanner(Supplier<InjectionModel> model, Embedder embedder, double threshold) {
    this(model, embedder, threshold, DEFAULT_MAX_CHARS);
  }

  /**
   * @param maxChars the most characters of one text that are read; the rest of a longer text is one
   *                 {@link #TEXT_TOO_LONG} finding scored 1, so that {@code block} refuses what it could not check
   *                 (a bounded cost per call, and no hiding an instruction behind padding)
   */
  public InjectionScanner(Supplier<InjectionModel> model, Embedder embedder, double threshold, int maxChars) {
    this(model, embedder, threshold, maxChars, new SegmentScores());
  }

  /** @param scores the scores remembered for {@code model}'s detector, shared with the other scanners over it */
  public InjectionScanner(Supplier<InjectionModel> model, Embedder embedder, double threshold, int maxChars,
      SegmentScores scores) {
    if (threshold <= 0 || threshold > 1) throw new IllegalArgumentException("threshold must be in (0, 1]");
    if (maxChars < 1) throw new IllegalArgumentException("maxChars must be positive");
    this.model = model;
    this.embedder = embedder;
    this.threshold = threshold;
    this.maxChars = maxChars;
    this.scores = scores;
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
    if (origin == Origin.INSTRUCTIONS || origin == Origin.MODEL_OUTPUT || origin == Origin.METADATA) {
      return new ScanResult(NAME, List.of(), 0);
    }
    if (text.length() > maxChars) return tooLong(text, origin);
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

  /** The first {@code maxChars} read as usual, and the rest one finding scored 1. */
  private ScanResult tooLong(String text, Origin origin) {
    int cut = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
    ScanResult head = scan(text.substring(0, cut), origin);
    List<Finding> findings = new ArrayList<>(head.findings());
    findings.add(new Finding(TEXT_TOO_LONG, "unread", cut, text.length(), 1.0, text.substring(cut)));
    return new ScanResult(NAME, findings, 1.0);
  }

  /** Each segment's probability: remembered ones as they were, the others embedded together in one batch. */
  private double[] probabilities(List<Segments.Segment> segments) {
    InjectionModel detector = model.get();
    double[] probabilities = new double[segments.size()];
    List<Integer> unseen = new ArrayList<>();
    TextDigest[] digests = new TextDigest[segments.size()];
    for (int i = 0; i < segments.size(); i++) {
      digests[i] = TextDigest.of(segments.get(i).text());
      Double known = scores.known(digests[i]);
      if (known == null) unseen.add(i);
      else probabilities[i] = known;
    }
    if (unseen.isEmpty()) return probabilities;
    List<Embedding> embeddings = embedder.embed(unseen.stream().map(i -> segments.get(i).text()).toList());
    for (int k = 0; k < unseen.size(); k++) {
      int i = unseen.get(k);
      double p = detector.probability(embeddings.get(k).vector(), segments.get(i).text());
      probabilities[i] = p;
      scores.remember(digests[i], p);
    }
    return probabilities;
  }
}
