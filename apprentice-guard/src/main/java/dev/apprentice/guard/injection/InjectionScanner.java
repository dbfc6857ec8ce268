package dev.apprentice.guard.injection;

import dev.apprentice.api.Deadline;
import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.NormalisedText;
import dev.apprentice.guard.Origin;
import dev.apprentice.guard.Overlaps;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.TextDigest;
import dev.apprentice.guard.TextNormaliser;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds injected instructions in the user's turns, tool results and retrieved chunks (the operator's system prompt
 * and the model's own earlier answers are not read: they are trusted, and system prompts are full of "ignore"
 * and "never reveal"). The text is normalised, cut into {@link Segments}, every segment is embedded (one
 * batch) and scored by the detector. A text with tag characters that spell ASCII is scored twice, as a model reads
 * it (the tags read as the text they spell) and as a person sees it (the tags dropped, so that one slipped inside a
 * visible word cannot change what is read), at the higher risk ({@link TextNormaliser#readings}); plain text once.
 * A segment at or over the threshold is a finding: {@code PROMPT_INJECTION} in the caller's own messages,
 * {@code INDIRECT_INJECTION} in tool results and retrieved content. The risk is the highest segment score, so a clean
 * text still reports how close it came. Scores are remembered per segment (a
 * conversation sends its system prompt and history again with every turn; only new text is embedded) in {@link
 * SegmentScores}, which the scanners over one detector may share.
 *
 * <p>The cost is bounded by {@link Limits}: the characters of one text read, and the characters embedded in one call
 * ({@link #forCall}; a lone {@link #scan} is a call of its own). What either leaves unread is a
 * {@link #TEXT_TOO_LONG} finding scored 1, so that {@code block} refuses what could not be checked. The wait for the
 * embeddings, and for the detector and the embedding model while they are still loading, is bounded by the call's
 * deadline ({@link #forCall(Deadline)}): past it the scan throws, and a guard that cannot read a text never lets it
 * through unread.
 */
public final class InjectionScanner implements Scanner {

  public static final String NAME = "injection";
  public static final String PROMPT_INJECTION = "PROMPT_INJECTION";
  public static final String INDIRECT_INJECTION = "INDIRECT_INJECTION";
  /** A finding over the part of a text past the scanner's limit, which was not read. */
  public static final String TEXT_TOO_LONG = "TEXT_TOO_LONG";
  /** The most characters of one text read by default (64 KiB: several hundred sentences, under a second). */
  public static final int DEFAULT_MAX_CHARS = 65_536;
  /** The most characters embedded in one call by default (128 KiB: two texts at their limit, a second or two). */
  public static final int DEFAULT_MAX_CHARS_PER_CALL = 131_072;

  /**
   * How much the scanner reads.
   *
   * @param maxChars        the most characters of one text read; the rest of a longer text is one
   *                        {@link #TEXT_TOO_LONG} finding (no hiding an instruction behind padding)
   * @param maxCharsPerCall the most characters embedded in one call, in the order its texts are read (pieces scored
   *                        before cost nothing); from the first piece past it, the rest of that text and of every
   *                        later one is unread, each rest a {@link #TEXT_TOO_LONG} finding
   */
  public record Limits(int maxChars, int maxCharsPerCall) {
    public static final Limits DEFAULT = new Limits(DEFAULT_MAX_CHARS, DEFAULT_MAX_CHARS_PER_CALL);

    public Limits {
      if (maxChars < 1 || maxCharsPerCall < 1) throw new IllegalArgumentException("limits must be positive");
    }
  }

  private final Function<Deadline, InjectionModel> model;
  private final Embedder embedder;
  private final double threshold;
  private final Limits limits;
  private final TextNormaliser normaliser = new TextNormaliser();
  private final SegmentScores scores;

  /**
   * @param model     the detector, asked for at the first scan (loading or training it may take seconds)
   * @param embedder  the embedding model the detector was trained with
   * @param threshold a segment counts from this probability
   */
  public InjectionScanner(Supplier<InjectionModel> model, Embedder embedder, double threshold) {
    this(model, embedder, threshold, Limits.DEFAULT, new SegmentScores());
  }

  /** @param limits how much of a text, and of a call, is read */
  public InjectionScanner(Supplier<InjectionModel> model, Embedder embedder, double threshold, Limits limits) {
    this(model, embedder, threshold, limits, new SegmentScores());
  }

  /** @param scores the scores remembered for {@code model}'s detector, shared with the other scanners over it */
  public InjectionScanner(Supplier<InjectionModel> model, Embedder embedder, double threshold, Limits limits,
      SegmentScores scores) {
    this((Function<Deadline, InjectionModel>) deadline -> model.get(), embedder, threshold, limits, scores);
  }

  /**
   * @param model the detector, asked for at each scan within the call's deadline: one still loading is waited for
   *              until then at most ({@link dev.apprentice.api.Loading#get(Deadline)}), so that a scan past it throws
   *              {@link dev.apprentice.api.DeadlineExceededException} naming the load
   */
  public InjectionScanner(Function<Deadline, InjectionModel> model, Embedder embedder, double threshold,
      Limits limits, SegmentScores scores) {
    if (threshold <= 0 || threshold > 1) throw new IllegalArgumentException("threshold must be in (0, 1]");
    this.model = model;
    this.embedder = embedder;
    this.threshold = threshold;
    this.limits = limits;
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

  /** A call of its own: up to {@link Limits#maxCharsPerCall} characters embedded, waited for as long as they take. */
  @Override
  public ScanResult scan(String text, Origin origin) {
    return scan(text, origin, new int[] {limits.maxCharsPerCall()}, Deadline.NONE);
  }

  /**
   * A scanner whose scans share one budget of {@link Limits#maxCharsPerCall} characters embedded, each waiting for
   * its embeddings within {@code deadline}: past it, its texts leave the embedding model's queue and the scan throws
   * {@link dev.apprentice.api.DeadlineExceededException} ({@link java.util.concurrent.CancellationException} once the
   * call's client left).
   */
  @Override
  public Scanner forCall(Deadline deadline) {
    int[] budget = {limits.maxCharsPerCall()};
    InjectionScanner scanner = this;
    return new Scanner() {
      @Override
      public String name() {
        return NAME;
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
        return scanner.scan(text, origin, budget, deadline);
      }
    };
  }

  /**
   * @param budget   the characters the call may still embed (one element, counted down)
   * @param deadline until when the embeddings are waited for
   */
  private ScanResult scan(String text, Origin origin, int[] budget, Deadline deadline) {
    if (origin == Origin.INSTRUCTIONS || origin == Origin.MODEL_OUTPUT || origin == Origin.METADATA) {
      return new ScanResult(NAME, List.of(), 0);
    }
    if (text.length() > limits.maxChars()) return tooLong(text, origin, budget, deadline);
    List<NormalisedText> readings = normaliser.readings(text);
    if (readings.size() == 1) return scan(readings.getFirst(), origin, budget, deadline);
    List<Finding> findings = new ArrayList<>();
    double risk = 0;
    for (NormalisedText reading : readings) {
      ScanResult result = scan(reading, origin, budget, deadline);
      findings.addAll(result.findings());
      risk = Math.max(risk, result.risk());
    }
    return new ScanResult(NAME, Overlaps.resolve(findings, threshold), risk);
  }

  /**
   * One reading of a text scored: its segments, each a finding from the threshold, on the original's offsets. A
   * segment the same in an earlier reading costs nothing: its score is remembered.
   */
  private ScanResult scan(NormalisedText normalised, Origin origin, int[] budget, Deadline deadline) {
    String text = normalised.original();
    List<Segments.Segment> segments = Segments.of(normalised.text());
    if (segments.isEmpty()) return new ScanResult(NAME, List.of(), 0);
    double[] probabilities = new double[segments.size()];
    int read = probabilities(segments, probabilities, budget, deadline);
    String type = origin.external() ? INDIRECT_INJECTION : PROMPT_INJECTION;
    String subtype = origin.name().toLowerCase(java.util.Locale.ROOT);
    double risk = 0;
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < read; i++) {
      Segments.Segment segment = segments.get(i);
      double p = probabilities[i];
      risk = Math.max(risk, p);
      if (p < threshold) continue;
      int start = normalised.originalStart(segment.start());
      int end = normalised.originalEnd(segment.end());
      findings.add(new Finding(type, subtype, start, end, p, text.substring(start, end)));
    }
    if (read == segments.size()) return new ScanResult(NAME, findings, risk);
    int cut = normalised.originalStart(segments.get(read).start());
    findings.add(new Finding(TEXT_TOO_LONG, "over_call_budget", cut, text.length(), 1.0, text.substring(cut)));
    return new ScanResult(NAME, findings, 1.0);
  }

  /**
   * The first {@code maxChars} read as usual, and the rest one finding scored 1 (joined with the head's own unread
   * rest, when the call's budget ran out within it).
   */
  private ScanResult tooLong(String text, Origin origin, int[] budget, Deadline deadline) {
    int maxChars = limits.maxChars();
    int cut = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
    ScanResult head = scan(text.substring(0, cut), origin, budget, deadline);
    List<Finding> findings = new ArrayList<>(head.findings());
    if (!findings.isEmpty() && findings.getLast().type().equals(TEXT_TOO_LONG)) cut = findings.removeLast().start();
    findings.add(new Finding(TEXT_TOO_LONG, "unread", cut, text.length(), 1.0, text.substring(cut)));
    return new ScanResult(NAME, findings, 1.0);
  }

  /**
   * Fills in each segment's probability, in order, until the call's budget runs out: remembered ones as they were,
   * the others embedded together in one batch, each charged its length. Returns how many segments were scored; once
   * a segment does not fit, the budget is spent (nothing later in the call is embedded).
   */
  private int probabilities(List<Segments.Segment> segments, double[] probabilities, int[] budget,
      Deadline deadline) {
    InjectionModel detector = model.apply(deadline);
    List<Integer> unseen = new ArrayList<>();
    TextDigest[] digests = new TextDigest[segments.size()];
    int read = 0;
    for (; read < segments.size(); read++) {
      digests[read] = TextDigest.of(segments.get(read).text());
      Double known = scores.known(digests[read]);
      if (known != null) {
        probabilities[read] = known;
        continue;
      }
      int length = segments.get(read).text().length();
      if (length > budget[0]) {
        budget[0] = 0;
        break;
      }
      budget[0] -= length;
      unseen.add(read);
    }
    if (unseen.isEmpty()) return read;
    List<Embedding> embeddings = embedder.embed(unseen.stream().map(i -> segments.get(i).text()).toList(), deadline);
    for (int k = 0; k < unseen.size(); k++) {
      int i = unseen.get(k);
      double p = detector.probability(embeddings.get(k).vector(), segments.get(i).text());
      probabilities[i] = p;
      scores.remember(digests[i], p);
    }
    return read;
  }
}
