package dev.apprentice.gateway.rag;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ClosedException;
import dev.apprentice.api.Content;
import dev.apprentice.api.DeadlineExceededException;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.Message;
import dev.apprentice.api.retrieval.LeftOutChunk;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.retrieval.Retriever;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.Interceptor;
import dev.apprentice.gateway.LocalWait;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.config.RagSettings;
import dev.apprentice.gateway.rag.ContextChoice.Selection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * For a model with a {@code rag:} block: retrieves the chunks nearest to the last user message ({@link RetrievalQuery};
 * the last message may be a tool result) and puts them into the system prompt through the block's template, so the
 * conversation's turns keep their order (a tool result stays right after the assistant turn that called the tool).
 * Each chunk is fenced as a {@link Passages passage} that its text cannot end. A text goes in once however many
 * documents hold it, the next best chunk taking the place of its copies, and the passages stay within the model's
 * {@code max_context_tokens} ({@link ContextChoice}); the trace names the chunks left out and why.
 * The call records which chunks went in (ids, scores and text) and how long the search took, so the trace answers
 * "was the right context retrieved?" and "how long did retrieval take?", and the output guard counts their values as
 * sent (each pass replaces those of the one before, a cache hit's included, so they are always those of the prompt
 * the answer came from); a
 * conversation without a user message with text is not searched, and its trace says so
 * ({@link TraceDetails#NO_QUERY}). A {@link RetrievedContentCheck} reads the chunks first and may drop some (an
 * injected instruction in a document). When retrieval fails the call goes on without context, says why in the log,
 * and its trace says so ({@link TraceDetails#RETRIEVAL_FAILED}); it is not failed. Retrieval waits for the local
 * embedding model {@link #RETRIEVAL_SHARE its share} of the time the call has left at most: a search that cannot
 * finish by then fails the call with the deadline's 504 ({@link LocalWait#timedOut}; traced
 * {@link TraceDetails#RETRIEVAL_TIMED_OUT}), never answered without its context, and its query leaves the model's
 * queue, as it does when the client leaves.
 */
public final class RagStep implements Interceptor {

  private static final System.Logger LOG = System.getLogger(RagStep.class.getName());
  private static final String CACHE_CONTROL = "cache_control";
  /**
   * The part of the time a call has left that its retrieval may take, embedding the query (the local model's queue may
   * be long under a burst of {@code /v1/embeddings}) and searching: half, so that the upstream keeps at least the half
   * its first try would get by default (while another target remains) rather than what a late search left it, an
   * attempt sent, and billed, with too little time to answer. The semantic cache's lookup has its own share
   * ({@link dev.apprentice.gateway.cache.CacheStep#LOOKUP_SHARE}), taken before.
   */
  static final double RETRIEVAL_SHARE = 0.5;
  /** The most chunks one retrieval looks through for {@code k} whose texts differ. */
  static final int MAX_CANDIDATES = 400;

  private final Retriever retriever;
  private final Function<String, RagSettings> settingsOf;
  private final RetrievedContentCheck check;

  public RagStep(Retriever retriever, Function<String, RagSettings> settingsOf) {
    this(retriever, settingsOf, RetrievedContentCheck.NONE);
  }

  public RagStep(Retriever retriever, Function<String, RagSettings> settingsOf, RetrievedContentCheck check) {
    this.retriever = retriever;
    this.settingsOf = settingsOf;
    this.check = check;
  }

  @Override
  public Outcome intercept(Chain chain) {
    Call call = chain.call();
    ChatRequest request = chain.request();
    RagSettings rag = settingsOf.apply(call.model());
    if (rag == null) return chain.proceed(request);
    String query = RetrievalQuery.of(request.messages());
    if (query.isEmpty()) {
      LOG.log(System.Logger.Level.DEBUG, () -> "no user message with text to search collection '" + rag.collection()
          + "' with in " + call.traceId() + "; answering without retrieval");
      call.retrievalSkipped(TraceDetails.NO_QUERY);
      call.retrieved(List.of());
      return chain.proceed(request);
    }
    Selection distinct;
    try {
      distinct = timed(call, () -> search(call, rag, query));
    } catch (DeadlineExceededException e) {
      call.retrievalSkipped(TraceDetails.RETRIEVAL_TIMED_OUT);
      throw LocalWait.timedOut(call, "retrieval from collection '" + rag.collection() + "'", RETRIEVAL_SHARE, e);
    } catch (CancellationException e) {
      throw LocalWait.abandoned();
    } catch (RuntimeException e) {
      if (ClosedException.within(e) instanceof ClosedException closed) {
        call.retrievalSkipped(TraceDetails.RETRIEVAL_FAILED);
        throw closed.refusal(); // the server is shutting down: no answer without the context it would have had
      }
      LOG.log(System.Logger.Level.WARNING, "retrieval from collection '" + rag.collection() + "' failed for "
          + call.traceId() + "; answering without context: " + e.getMessage()
          + (e.getCause() == null ? "" : " (" + e.getCause() + ")")); // a refusal in a user's words keeps its why
      call.keepOutOfCache(); // once retrieval works again, the same request deserves an answer with its context
      call.retrievalSkipped(TraceDetails.RETRIEVAL_FAILED);
      call.retrieved(List.of());
      return chain.proceed(request);
    }
    List<RetrievedChunk> chunks = distinct.chosen();
    if (!chunks.isEmpty()) chunks = check.check(call, request, chunks);
    Selection fitted = ContextChoice.withinBudget(chunks, rag.maxContextTokens());
    chunks = fitted.chosen();
    call.searched(chunks); // replaces those of a cache hit a guardrail's retry asks again; none: the trace says so
    List<LeftOutChunk> leftOut = new ArrayList<>(distinct.leftOut());
    leftOut.addAll(fitted.leftOut());
    leftOut.sort(Comparator.comparingDouble(LeftOutChunk::score).reversed()); // best first, as the trace lists them
    call.leftOut(leftOut);
    if (chunks.isEmpty()) return chain.proceed(request);
    return chain.proceed(request.withMessages(withContext(request.messages(), render(rag.template(), chunks))));
  }

  /**
   * The best {@code k} chunks at {@code min_score} or above whose texts differ ({@link ContextChoice#distinct}): twice
   * {@code k} are asked for, and more while duplicates leave fewer than {@code k} and the collection may hold more.
   * The query is embedded once ({@link Retriever#search}), each round searching with the same vectors. As of the
   * call's start: a collection looked at since (for the cache's key) is not looked at again.
   */
  private Selection search(Call call, RagSettings rag, String query) {
    Retriever.Search search =
        retriever.search(rag.collection(), query, call.deadline().part(RETRIEVAL_SHARE), call.startNanos());
    int wanted = Math.min(2 * rag.k(), MAX_CANDIDATES);
    while (true) {
      List<RetrievedChunk> found = search.best(wanted).stream().filter(c -> c.score() >= rag.minScore()).toList();
      Selection distinct = ContextChoice.distinct(found, rag.k());
      if (distinct.chosen().size() == rag.k() || found.size() < wanted || wanted == MAX_CANDIDATES) return distinct;
      wanted = Math.min(4 * wanted, MAX_CANDIDATES);
    }
  }

  /**
   * The search's chunks, its time recorded for the trace whether it found chunks or failed (a collection that does
   * not exist, a query that waited for the embedding model past the call's deadline).
   */
  private static Selection timed(Call call, Supplier<Selection> search) {
    long start = System.nanoTime();
    try {
      return search.get();
    } finally {
      call.retrievalMs((System.nanoTime() - start) / 1e6);
    }
  }

  /** The template with its {@code {{context}}} replaced by the chunks, each fenced as a {@link Passages passage}. */
  static String render(String template, List<RetrievedChunk> chunks) {
    return template.replace(RagSettings.CONTEXT, Passages.render(chunks));
  }

  /**
   * Puts the context into a leading system (or developer) message: after its text, or as a text part after its parts
   * when its content is a list of parts, so the operator's parts (a {@code cache_control} mark included) stay as they
   * are and come first; a conversation that does not start with one gets a new system message first.
   */
  static List<Message> withContext(List<Message> messages, String context) {
    List<Message> out = new ArrayList<>(messages.size() + 1);
    Message first = messages.getFirst();
    if ("system".equals(first.role()) || "developer".equals(first.role())) {
      Message operator = cacheMarkOnItsLastPart(first);
      out.add(new Message(first.role(), withContext(operator.content(), context), first.name(), first.toolCalls(),
          first.toolCallId(), first.refusal(), operator.extra()));
      out.addAll(messages.subList(1, messages.size()));
    } else {
      out.add(Message.system(context));
      out.addAll(messages);
    }
    return out;
  }

  /**
   * The message with its own {@code cache_control} (a whole message marked, as LiteLLM takes it) moved onto its last
   * part, unless that part has its own: the mark stays on the operator's prompt, which is the same at every call,
   * instead of following the message's end onto the context, which is not (the prompt would be written to the cache
   * at every call and read at none). A message without text loses the mark: none of it is the operator's to cache.
   */
  private static Message cacheMarkOnItsLastPart(Message message) {
    Object mark = message.extra().get(CACHE_CONTROL);
    if (mark == null) return message;
    Map<String, Object> extra = new LinkedHashMap<>(message.extra());
    extra.remove(CACHE_CONTROL);
    Content content = message.content();
    List<ContentPart> parts = new ArrayList<>(content == null || content.isText() ? List.of() : content.parts());
    if (content != null && content.isText() && !content.asText().isEmpty()) {
      parts.add(ContentPart.text(content.asText()));
    }
    if (!parts.isEmpty() && !parts.getLast().extra().containsKey(CACHE_CONTROL)) {
      ContentPart last = parts.getLast();
      Map<String, Object> marked = new LinkedHashMap<>(last.extra());
      marked.put(CACHE_CONTROL, mark);
      parts.set(parts.size() - 1, new ContentPart(last.type(), last.text(), last.imageUrl(), marked));
    }
    return new Message(message.role(), parts.isEmpty() ? content : Content.parts(parts), message.name(),
        message.toolCalls(), message.toolCallId(), message.refusal(), extra);
  }

  private static Content withContext(Content content, String context) {
    if (content == null || content.isText() && content.asText().isEmpty()) return Content.text(context);
    if (content.isText()) return Content.text(content.asText() + "\n\n" + context);
    List<ContentPart> parts = new ArrayList<>(content.parts());
    parts.add(ContentPart.text(context));
    return Content.parts(parts);
  }
}
