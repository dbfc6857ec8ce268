package dev.apprentice.gateway.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Content;
import dev.apprentice.api.RedactionPlaceholders;
import dev.apprentice.api.Message;
import dev.apprentice.api.cache.CacheKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a request's {@link CacheKey}. The request is normalised first: only what changes the answer counts (the
 * messages, tools and sampling parameters; not the fields in {@link #IGNORED_EXTRA}), object keys are sorted and
 * defaults such as {@code n: 1} dropped, so equal requests written differently share one entry.
 */
public final class CacheKeys {

  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .build();
  /**
   * Request fields that do not change the answer: how it is delivered ({@code stream}, {@code stream_options}), who
   * asks, for the provider's abuse monitoring ({@code user}, {@code safety_identifier}), tags and retention at the
   * provider ({@code metadata}, {@code store}), which of the provider's prompt caches serves the prefix
   * ({@code prompt_cache_key}) and how soon the provider processes it ({@code service_tier}).
   */
  static final List<String> IGNORED_EXTRA = List.of("stream", "stream_options", "user", "safety_identifier",
      "metadata", "store", "prompt_cache_key", "service_tier");

  /** A redacting guard's placeholders stand for values the caller's session alone can put back. */
  private static final Pattern PLACEHOLDER = RedactionPlaceholders.PATTERN;

  /**
   * A number as written: digits (any script's), with the separators between them. Possessive, so that a last turn of
   * thousands of numbers joined by commas (a pasted CSV row) is read in one pass rather than recursing once per
   * group until the stack overflows.
   */
  private static final Pattern NUMBER = Pattern.compile("\\p{Nd}++(?:[.,'\u2009\u202f]\\p{Nd}++)*+");

  private CacheKeys() {}

  /** The key of {@code request} for the caller's tenant under the model alias. */
  public static CacheKey of(String tenant, String model, ChatRequest request) {
    return of(tenant, model, request, null);
  }

  /**
   * The key of {@code request} for the caller's tenant under the model alias, whose answers are made from
   * {@code knowledge} (a retrieving model's collection revision and retrieval settings; null when the answer rests on
   * the request alone): answers made from other contents are neither exact nor semantic matches.
   */
  public static CacheKey of(String tenant, String model, ChatRequest request, String knowledge) {
    List<Message> messages = request.messages() == null ? List.of() : request.messages();
    List<Message> context = messages.isEmpty() ? messages : messages.subList(0, messages.size() - 1);
    Map<String, Object> normalised = new TreeMap<>(Map.of("model", model, "messages", context,
        "parameters", parameters(request)));
    // the last turn's text is what the semantic tier compares; the rest of it (who speaks: `name`, extra fields)
    // must match like the context does, or one user's answer would be served to another
    if (!messages.isEmpty()) normalised.put("last_turn_without_text", withoutText(messages.getLast()));
    // the values a redacting guard took out of the last turn: a paraphrase naming other ones (or none) is another
    // question, and the answer's placeholders would reach its caller unrestored
    String prompt = semanticPrompt(messages);
    SortedSet<String> placeholders = placeholders(prompt);
    if (!placeholders.isEmpty()) normalised.put("last_turn_placeholders", placeholders);
    // the numbers the last turn names (an amount, a year, a card's last digits), in order: the embedding barely tells
    // "expires in 2025" from "expires in 2027", or 05/01 from 01/05, so a question naming other numbers, or none, or
    // the same ones in another order, is another question
    List<String> numbers = numbers(prompt);
    if (!numbers.isEmpty()) normalised.put("last_turn_numbers", numbers);
    // how many negation words it holds: the embedding scores "can I cancel my card?" and "can I not cancel my card?"
    // alike; a count, not whether there is one, so that a word also read otherwise (Dutch "pas", a card) does not
    // hide the negation beside it
    int negations = Negations.count(prompt);
    if (negations > 0) normalised.put("last_turn_negations", negations);
    if (knowledge != null) normalised.put("knowledge", knowledge);
    String contextHash = hash(normalised);
    // the whole request is the context plus its last turn: the history is serialised once, not twice
    String exact = messages.isEmpty() ? contextHash
        : hash(Map.of("context", contextHash, "last", messages.getLast()));
    return new CacheKey(tenant, model, exact, contextHash, prompt);
  }

  /**
   * The last turn's text when it is a plain-text user message (the part whose meaning the semantic tier compares): a
   * string, or text parts alone (joined as the model reads them; the Responses API's {@code input_text} parts
   * arrive so); empty otherwise (an image or a file beside the text), and then only exact matches are sought.
   */
  public static String semanticPrompt(List<Message> messages) {
    if (messages.isEmpty()) return "";
    Message last = messages.getLast();
    if (!"user".equals(last.role()) || last.content() == null || !plainText(last.content())) return "";
    return last.content().asText().strip();
  }

  private static boolean plainText(Content content) {
    return content.isText() || content.parts().stream().allMatch(p -> "text".equals(p.type()) && p.text() != null);
  }

  /** The guard's placeholders ({@code <EMAIL_1>}) in {@code text}, each once, sorted. */
  static SortedSet<String> placeholders(String text) {
    SortedSet<String> found = new TreeSet<>();
    if (text.indexOf('<') < 0) return found;
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) found.add(m.group());
    return found;
  }

  /**
   * The numbers in {@code text} outside the guard's placeholders, in their order, as written: digits with the
   * separators inside them ({@code 1,000.50}), so "1,000" and "1000" count as other numbers, and so do the same ones
   * in another order (a date's day and month, a card number's groups): a missed hit, never a wrong one.
   */
  static List<String> numbers(String text) {
    List<String> found = new ArrayList<>();
    Matcher m = NUMBER.matcher(text.indexOf('<') < 0 ? text : PLACEHOLDER.matcher(text).replaceAll(" "));
    while (m.find()) found.add(m.group());
    return found;
  }

  private static Message withoutText(Message m) {
    return new Message(m.role(), null, m.name(), m.toolCalls(), m.toolCallId(), m.refusal(), m.extra());
  }

  private static Map<String, Object> parameters(ChatRequest r) {
    Map<String, Object> p = new TreeMap<>();
    put(p, "temperature", r.temperature());
    put(p, "top_p", r.topP());
    put(p, "max_tokens", r.outputTokenLimit());
    put(p, "n", r.n() != null && r.n() == 1 ? null : r.n());
    put(p, "seed", r.seed());
    put(p, "stop", r.stopSequences().isEmpty() ? null : r.stopSequences());
    put(p, "tools", r.tools());
    put(p, "tool_choice", r.toolChoice());
    put(p, "parallel_tool_calls", r.parallelToolCalls());
    put(p, "response_format", r.responseFormat());
    r.extra().forEach((k, v) -> {
      if (!IGNORED_EXTRA.contains(k)) put(p, "extra." + k, v);
    });
    return p;
  }

  private static void put(Map<String, Object> p, String key, Object value) {
    if (value != null) p.put(key, value);
  }

  private static String hash(Map<String, Object> value) {
    byte[] json;
    try {
      json = CANONICAL.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("request cannot be normalised for the cache: " + e.getOriginalMessage(), e);
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(json), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
