package dev.apprentice.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.NameTransformer;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Message;
import java.io.IOException;

/**
 * Writes the message of a chat completion's choice with {@code content} and {@code refusal} always present, null when
 * there is none: OpenAI's response schema requires both (nullable), and some clients tell "no text" (a tool-call-only
 * answer) from a malformed answer by {@code content: null}. {@link Message} leaves null fields out, which is right for
 * request messages and stream deltas, so this applies only to a {@link ChatResponse.Choice}'s message (see
 * {@link ChoiceMixin}); the other fields are written by Message's own serializer, unwrapped.
 */
final class AnswerMessageSerializer extends StdSerializer<Message> implements ContextualSerializer {

  /** Put on {@link ChatResponse.Choice} in {@link ServerJson#WIRE}. */
  abstract static class ChoiceMixin {
    @JsonSerialize(using = AnswerMessageSerializer.class)
    abstract Message message();
  }

  private final JsonSerializer<Object> rest;

  AnswerMessageSerializer() {
    this(null);
  }

  private AnswerMessageSerializer(JsonSerializer<Object> rest) {
    super(Message.class);
    this.rest = rest;
  }

  @Override
  public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
      throws JsonMappingException {
    return new AnswerMessageSerializer(
        provider.findValueSerializer(Message.class).unwrappingSerializer(NameTransformer.NOP));
  }

  @Override
  public void serialize(Message message, JsonGenerator gen, SerializerProvider provider) throws IOException {
    gen.writeStartObject(message);
    // OpenAI's order: role, content, refusal, then the rest
    if (message.role() != null) gen.writeStringField("role", message.role());
    gen.writeFieldName("content");
    provider.defaultSerializeValue(message.content(), gen);
    gen.writeStringField("refusal", message.refusal());
    rest.serialize(new Message(null, null, message.name(), message.toolCalls(), message.toolCallId(), null,
        message.extra()), gen, provider);
    gen.writeEndObject();
  }
}
