package dev.apprentice.guard.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.chat.AttachedFiles;
import dev.apprentice.guard.chat.ChatTexts;
import dev.apprentice.guard.chat.ScanUnit;
import dev.apprentice.guard.redact.RedactionSession;
import dev.apprentice.guard.redact.Redactor;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a request before it goes upstream: every input scanner with an action reads every text of the request once
 * (a message's text parts joined, as the model reads them: {@link ScanUnit}); findings at or above the scanner's
 * threshold count, a value inside a secret as part of the secret ({@link Tally#scan(List, ScanUnit)}). A
 * {@code block} finding refuses the call, {@code redact} findings are replaced by placeholders (one session per call,
 * so a repeated value gets one placeholder), and {@code flag} findings are only recorded. A request holding content
 * the scanners cannot read (a PDF, an image sent as data) is refused too when the policy
 * {@linkplain GuardPolicy#refusesUnreadable() says so}, with a verdict of its own. Thread-safe.
 */
public final class InputGuard {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final GuardPolicy policy;

  public InputGuard(GuardPolicy policy) {
    this.policy = policy;
  }

  /** The request checked as a call of its own. */
  public InputCheck check(ChatRequest request) {
    return check(request, policy.forCall());
  }

  /** The request checked through {@code scanners}, the call's ({@link GuardPolicy#forCall}). */
  public InputCheck check(ChatRequest request, CallScanners scanners) {
    AttachedFiles files = scanners.files();
    List<ChatTexts.Text> texts = ChatTexts.of(request, files);
    List<ScanUnit> units = ScanUnit.of(texts);
    String callerText = ChatTexts.joined(texts);
    List<GuardVerdict> verdicts = new ArrayList<>();
    List<GuardVerdict> blocking = new ArrayList<>();
    List<List<Finding>> counted = perUnit(units.size());
    List<List<Finding>> toRedact = perUnit(units.size());
    boolean redacting = false;
    List<Tally> tallies = scanners.tallies(GuardVerdict.INPUT);
    for (int i = 0; i < units.size(); i++) {
      List<List<Finding>> found = Tally.scan(tallies, units.get(i));
      for (int t = 0; t < tallies.size(); t++) {
        counted.get(i).addAll(found.get(t));
        if (tallies.get(t).action() == Action.REDACT) toRedact.get(i).addAll(found.get(t));
      }
    }
    for (Tally tally : tallies) {
      GuardVerdict verdict = tally.verdict();
      verdicts.add(verdict);
      if (tally.action() == Action.BLOCK && tally.found()) blocking.add(verdict);
      redacting |= tally.action() == Action.REDACT && tally.found();
    }
    UnreadableContent unreadable = UnreadableContent.of(policy, request, files);
    if (unreadable != null) verdicts.add(unreadable.verdict());
    if (!blocking.isEmpty() || unreadable != null) {
      // the trace keeps the refused request without what refused it (nor anything else found)
      ChatRequest forTrace = redact(request, texts, units, counted, session(request, texts), files);
      String message = Verdicts.blockedRequest(blocking, unreadable == null ? null : unreadable.describe());
      String param = unreadable == null ? null : unreadable.param();
      return new InputCheck(request, null, verdicts, message, param, forTrace, callerText);
    }
    if (!redacting) return new InputCheck(request, null, verdicts, null, null, null, callerText);
    RedactionSession session = session(request, texts);
    ChatRequest redacted = redact(request, texts, units, toRedact, session, files);
    return new InputCheck(redacted, session, verdicts, null, null, redacted, callerText);
  }

  /**
   * A session that hands out no placeholder the request already holds anywhere: in any text of its messages (an
   * earlier answer's one-way placeholder sent back as history, tool calls), or in any other field (tools, response
   * format). The messages are read as the scanners read them, not serialised again: they may carry megabytes of
   * base64 images. Signed thinking blocks are the exception: their placeholders are the ones an earlier turn handed
   * out to values this conversation still holds, and this call, numbering values in the same order, hands the same
   * ones to the same values again — reserving them would give those values new names the thinking never mentions.
   */
  private static RedactionSession session(ChatRequest request, List<ChatTexts.Text> texts) {
    return reserving(request, texts.stream().filter(t -> !t.signed()).toList());
  }

  /**
   * A session for one-way placeholders of values found outside the caller's request (in retrieved documents) that
   * hands out none the request holds anywhere, thinking blocks included: an earlier answer's {@code <DOC_EMAIL_1>},
   * sent back as history, keeps its one meaning.
   */
  public static RedactionSession beside(ChatRequest request) {
    return beside(request, new AttachedFiles());
  }

  /** {@link #beside(ChatRequest)}, the request's text files read through {@code files}: the call's, decoded once. */
  public static RedactionSession beside(ChatRequest request, AttachedFiles files) {
    return reserving(request, ChatTexts.of(request, files));
  }

  private static RedactionSession reserving(ChatRequest request, List<ChatTexts.Text> texts) {
    RedactionSession session = new Redactor(List.of()).session();
    session.reserve(ChatTexts.joined(texts));
    try {
      session.reserve(JSON.writeValueAsString(request.withMessages(List.of())));
    } catch (JsonProcessingException e) {
      // nothing but the messages to reserve from, then
    }
    return session;
  }

  /** The request with each unit's findings replaced, every other text as written. */
  private static ChatRequest redact(ChatRequest request, List<ChatTexts.Text> texts, List<ScanUnit> units,
      List<List<Finding>> findings, RedactionSession session, AttachedFiles files) {
    List<String> replaced = new ArrayList<>(texts.size());
    for (ChatTexts.Text text : texts) replaced.add(text.written());
    for (int u = 0; u < units.size(); u++) {
      if (findings.get(u).isEmpty()) continue;
      List<Integer> indexes = units.get(u).indexes();
      List<String> redacted = units.get(u).redact(session, findings.get(u));
      for (int k = 0; k < indexes.size(); k++) replaced.set(indexes.get(k), redacted.get(k));
    }
    return ChatTexts.replace(request, replaced, files);
  }

  private static List<List<Finding>> perUnit(int size) {
    List<List<Finding>> lists = new ArrayList<>(size);
    for (int i = 0; i < size; i++) lists.add(new ArrayList<>());
    return lists;
  }
}
