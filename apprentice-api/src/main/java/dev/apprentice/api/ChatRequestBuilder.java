package dev.apprentice.api;

import java.util.List;
import java.util.Map;

/**
 * Builds a {@link ChatRequest} field by field: {@link ChatRequest#builder()} for a new one, {@link
 * ChatRequest#toBuilder()} for a copy with some fields changed. A field not set is null, as in JSON; {@code extra}
 * unset is an empty map. Values are kept as given, the {@code extra} map included (not copied). Jackson does not use
 * it.
 */
public final class ChatRequestBuilder {

  private String model;
  private List<Message> messages;
  private Boolean stream;
  private ChatRequest.StreamOptions streamOptions;
  private Double temperature;
  private Double topP;
  private Integer maxTokens;
  private Integer maxCompletionTokens;
  private Integer n;
  private Long seed;
  private Object stop;
  private List<Tool> tools;
  private Object toolChoice;
  private Boolean parallelToolCalls;
  private Map<String, Object> responseFormat;
  private String user;
  private Map<String, Object> metadata;
  private Map<String, Object> extra;

  ChatRequestBuilder() {}

  ChatRequestBuilder(ChatRequest r) {
    model = r.model();
    messages = r.messages();
    stream = r.stream();
    streamOptions = r.streamOptions();
    temperature = r.temperature();
    topP = r.topP();
    maxTokens = r.maxTokens();
    maxCompletionTokens = r.maxCompletionTokens();
    n = r.n();
    seed = r.seed();
    stop = r.stop();
    tools = r.tools();
    toolChoice = r.toolChoice();
    parallelToolCalls = r.parallelToolCalls();
    responseFormat = r.responseFormat();
    user = r.user();
    metadata = r.metadata();
    extra = r.extra();
  }

  public ChatRequestBuilder model(String value) {
    model = value;
    return this;
  }

  public ChatRequestBuilder messages(List<Message> value) {
    messages = value;
    return this;
  }

  public ChatRequestBuilder stream(Boolean value) {
    stream = value;
    return this;
  }

  public ChatRequestBuilder streamOptions(ChatRequest.StreamOptions value) {
    streamOptions = value;
    return this;
  }

  public ChatRequestBuilder temperature(Double value) {
    temperature = value;
    return this;
  }

  public ChatRequestBuilder topP(Double value) {
    topP = value;
    return this;
  }

  public ChatRequestBuilder maxTokens(Integer value) {
    maxTokens = value;
    return this;
  }

  public ChatRequestBuilder maxCompletionTokens(Integer value) {
    maxCompletionTokens = value;
    return this;
  }

  public ChatRequestBuilder n(Integer value) {
    n = value;
    return this;
  }

  public ChatRequestBuilder seed(Long value) {
    seed = value;
    return this;
  }

  /** A string or a list of strings. */
  public ChatRequestBuilder stop(Object value) {
    stop = value;
    return this;
  }

  public ChatRequestBuilder tools(List<Tool> value) {
    tools = value;
    return this;
  }

  /** A string ({@code auto}, {@code none}, {@code required}) or an object naming a function. */
  public ChatRequestBuilder toolChoice(Object value) {
    toolChoice = value;
    return this;
  }

  public ChatRequestBuilder parallelToolCalls(Boolean value) {
    parallelToolCalls = value;
    return this;
  }

  public ChatRequestBuilder responseFormat(Map<String, Object> value) {
    responseFormat = value;
    return this;
  }

  public ChatRequestBuilder user(String value) {
    user = value;
    return this;
  }

  public ChatRequestBuilder metadata(Map<String, Object> value) {
    metadata = value;
    return this;
  }

  /** The fields the gateway does not read, passed through as they are; this map itself, not a copy. */
  public ChatRequestBuilder extra(Map<String, Object> value) {
    extra = value;
    return this;
  }

  public ChatRequest build() {
    return new ChatRequest(model, messages, stream, streamOptions, temperature, topP, maxTokens, maxCompletionTokens,
        n, seed, stop, tools, toolChoice, parallelToolCalls, responseFormat, user, metadata, extra);
  }
}
