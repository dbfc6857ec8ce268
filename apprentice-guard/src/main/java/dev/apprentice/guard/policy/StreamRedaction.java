package dev.apprentice.guard.policy;

import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.CleanTextMemory;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.chat.ChatTexts;
import dev.apprentice.guard.chat.FieldHolds;
import dev.apprentice.guard.redact.HeldText;
import dev.apprentice.guard.redact.RedactionSession;
import dev.apprentice.guard.redact.StreamBlocked;
import dev.apprentice.guard.redact.StreamRedactionFailed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The output redaction of one streamed answer: its content, refusal and {@code reasoning_content} are each held back
 * by a {@link StreamRedactor} and given out with the values the caller did not send replaced, as the answer of a call
 * that is not streamed is ({@link AnswerValues}: every value scanner of the policy reads the text together, a value
 * inside a secret is part of it, what the caller or retrieval sent does not count, and what a {@code redact} scanner
 * found is replaced one way, its placeholders continuing the input's numbering, each choice's on its own: the numbers a
 * choice's values get do not depend on how the upstream interleaved the choices, so they are those of the same answer
 * not streamed).
 *
 * <p>What is held: the last {@link #holdback} characters of each text, and further back to the start of any finding
 * across that edge (a value still growing, such as a key being written) or of a run of characters without a space
 * across it (a key, a token, a link, an address is never cut in two). Each pass reads the held text with up to
 * {@link #LEAD} characters already given out before it, so a value is read in its context (the word before it, the
 * character it is glued to). A thinking block arrives whole, and is redacted whole. Tool-call and {@code function_call}
 * arguments are held whole ({@link HeldArguments}) and redacted as JSON when their choice finishes: JSON cut anywhere
 * cannot be read as a whole answer's is. What the stream could still not replace (a value that began in text already
 * given out) is read when the stream ends, as a flag. A value a {@code block} scanner refuses ends the stream before it
 * goes out ({@link StreamBlocked}); a {@code flag} scanner's values are read when the stream ends. A pass that fails
 * otherwise (a scanner's defect) throws {@link StreamRedactionFailed}, for the guard to report as its own failure.
 */
public final class StreamRedaction implements FieldHolds {

  /**
   * The default window. The longest value a scanner finds with spaces inside is an IBAN written with a separator after
   * every character (64) or a PEM BEGIN line (84); with the 30 characters of context read after a value, 128 holds
   * them all. Values without spaces are held whole whatever their length.
   */
  public static final int DEFAULT_HOLDBACK_CHARS = 128;
  /** The shortest window: a phone number or card written in groups, and the context after it. */
  public static final int MIN_HOLDBACK_CHARS = 64;
  /** How much already given out each pass reads before the held text, for context (60 characters, and a margin). */
  static final int LEAD = 64;

  private final List<AnswerReader> readers = new ArrayList<>();
  private final List<Double> thresholds = new ArrayList<>();
  private final CallerValues caller;
  /** The input's continuation, which each choice's placeholders continue. */
  private final RedactionSession afterInput;
  /** Each choice's one-way session, opened with its first text. */
  private final Map<Integer, RedactionSession> byChoice = new HashMap<>();
  private final int holdback;
  /** The scanner that refused a value: from then on nothing more goes out. */
  private String refusedBy;

  /**
   * @param holdback characters held back at least (never under {@link #MIN_HOLDBACK_CHARS})
   * @param oneWay   what each choice's placeholders continue: the input's continuation, as for an answer not streamed
   */
  StreamRedaction(GuardPolicy policy, CallerValues caller, RedactionSession oneWay, int holdback) {
    if (holdback < MIN_HOLDBACK_CHARS) {
      throw new IllegalArgumentException("hold back at least " + MIN_HOLDBACK_CHARS + " characters, not " + holdback);
    }
    for (AnswerReader reader : AnswerValues.readers(policy)) {
      readers.add(new AnswerReader(CleanTextMemory.unremembered(reader.scanner), reader.action));
      thresholds.add(reader.scanner.threshold());
    }
    this.caller = caller;
    this.afterInput = oneWay;
    this.holdback = holdback;
  }

  /** The text given out by one pass, and where, in the text read, the held text now begins. */
  record Release(int cut, String out) {}

  @Override
  public HeldText open(int choice, String field, boolean json) {
    if (field.equals(CONTENT) || field.equals(REFUSAL) || field.equals(REASONING)) {
      return new StreamRedactor(this, session(choice));
    }
    return field.equals(FUNCTION) || field.startsWith(TOOL) ? new HeldArguments(this, session(choice)) : null;
  }

  /** A thinking block's text, which arrives whole: redacted at once (its signature no longer matches, as on input). */
  @Override
  public String whole(int choice, String field, String text) {
    return field.equals(THINKING) && !text.isEmpty() ? release(session(choice), text, 0, true).out() : text;
  }

  /** Where the placeholders of {@code choice}'s values come from: its own continuation of the input's numbering. */
  private synchronized RedactionSession session(int choice) {
    return byChoice.computeIfAbsent(choice, c -> afterInput.continuation());
  }

  /** True when a scanner refuses values ({@code block}): the stream may still end before one goes out. */
  public boolean refuses() {
    return readers.stream().anyMatch(reader -> reader.action == Action.BLOCK);
  }

  int holdback() {
    return holdback;
  }

  /**
   * One pass over {@code text}: {@code lead} characters already given out, then the held ones. Gives out the held
   * text up to the window's edge (all of it at the {@code end}) with what counted for a redacting scanner replaced by
   * {@code oneWay}'s placeholders (its choice's); each finding is weighed once, when the text it lies in is given out.
   */
  synchronized Release release(RedactionSession oneWay, String text, int lead, boolean end) {
    return guarded(() -> {
      oneWay.reserve(text.substring(lead));
      List<ScanResult> results = scan(text);
      int cut = end ? text.length() : edge(text, lead, results);
      List<Finding> redact = new ArrayList<>();
      for (Finding f : counted(results, lead, cut)) {
        redact.add(new Finding(f.type(), f.subtype(), f.start() - lead, f.end() - lead, f.score(), f.text()));
      }
      String out = text.substring(lead, cut);
      return new Release(cut, redact.isEmpty() ? out : oneWay.redact(out, redact).text());
    });
  }

  /**
   * Whole tool-call arguments (JSON) redacted as an answer's that is not streamed: read with every string decoded,
   * each value replaced inside its string, written back escaped.
   */
  synchronized String redactArguments(RedactionSession oneWay, String json) {
    return guarded(() -> {
      ChatTexts.Text arguments = ChatTexts.arguments(json);
      oneWay.reserve(arguments.value());
      List<Finding> redact = counted(scan(arguments.value()), 0, arguments.value().length());
      return redact.isEmpty() ? json : arguments.redact(oneWay, redact);
    });
  }

  /**
   * One pass: a block goes up as it is, any other failure (a scanner's defect, an Error such as a stack overflow in a
   * pattern) as a {@link StreamRedactionFailed}, so that the guard tells it from a failure of the upstream's stream.
   */
  private static <T> T guarded(Supplier<T> pass) {
    try {
      return pass.get();
    } catch (StreamBlocked | StreamRedactionFailed e) {
      throw e;
    } catch (RuntimeException | Error e) {
      throw new StreamRedactionFailed(e);
    }
  }

  /** Every value scanner's findings in {@code text}, read together (a value inside a secret is part of it). */
  private List<ScanResult> scan(String text) {
    return AnswerValues.scan(readers, thresholds, text);
  }

  /**
   * The findings between {@code from} and {@code to} that count for a redacting scanner, each weighed once here; a
   * finding that counts for a blocking scanner ends the stream before it goes out ({@link StreamBlocked}); a flagging
   * scanner's findings are read when the stream ends, as written.
   */
  private List<Finding> counted(List<ScanResult> results, int from, int to) {
    if (refusedBy != null) throw new StreamBlocked(refusedBy);
    List<Finding> counted = new ArrayList<>();
    String refused = null;
    for (int i = 0; i < readers.size(); i++) {
      AnswerReader reader = readers.get(i);
      if (reader.action == Action.FLAG) continue;
      for (Finding f : results.get(i).findings()) {
        if (f.start() < from || f.end() > to || !reader.take(f, caller)) continue;
        if (reader.action == Action.REDACT) counted.add(f);
        else refused = reader.scanner.name();
      }
    }
    if (refused != null) {
      refusedBy = refused;
      throw new StreamBlocked(refused);
    }
    return counted;
  }

  /**
   * Where the held text begins after a pass: {@link #holdback} characters before the end, moved back to the start of
   * any finding (whatever its score) or run of characters without a space that crosses it, never before {@code lead}.
   */
  private int edge(String text, int lead, List<ScanResult> results) {
    int cut = Math.max(lead, text.length() - holdback);
    boolean moved = true;
    while (moved && cut > lead) {
      moved = false;
      int word = cut;
      if (cut < text.length() && WordRuns.joins(text.charAt(cut - 1), text.charAt(cut))) {
        while (word > lead && WordRuns.inRun(text.charAt(word - 1))) word--;
      }
      for (ScanResult result : results) {
        for (Finding f : result.findings()) {
          if (f.start() < word && f.end() > word) word = Math.max(lead, f.start());
        }
      }
      moved = word < cut;
      cut = word;
    }
    return cut;
  }

  /**
   * The verdict of the check of what the stream gave out, once it has ended, with what this redaction did: a scanner
   * that replaced something here records {@code redact}, its findings added to those the end found (values the stream
   * could not replace, which alone would be a {@code flag}); one that refused a value here records {@code block}; the
   * time of the passes is added to each scanner's.
   */
  public synchronized GuardVerdict merged(GuardVerdict atEnd) {
    if (!atEnd.direction().equals(GuardVerdict.OUTPUT)) return atEnd;
    for (AnswerReader reader : readers) {
      if (!reader.scanner.name().equals(atEnd.scanner())) continue;
      Map<String, Integer> found = new TreeMap<>(atEnd.findings());
      reader.found.forEach((type, count) -> found.merge(type, count, Integer::sum));
      String action = reader.found.isEmpty() ? atEnd.action() : reader.action.label();
      return new GuardVerdict(atEnd.direction(), atEnd.scanner(), Math.max(atEnd.score(), reader.risk), action, found,
          atEnd.micros() + reader.nanos / 1_000);
    }
    return atEnd;
  }
}
