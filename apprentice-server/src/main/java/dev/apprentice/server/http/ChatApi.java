package dev.apprentice.server.http;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.trace.Tokens;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The wire form of a chat call, which {@link ChatHandler} runs the same whatever the form: how its body is read as
 * the gateway's chat request, and how the answer (whole, or streamed) is written back. Chat completions is one form
 * ({@link ChatCompletionsApi}), the Responses API another ({@link ResponsesApi}).
 */
interface ChatApi {

  /**
   * The wire API's name as the call's trace keeps it ({@code TraceDetails.RESPONSES}), or null for chat completions,
   * the chat operation's own.
   */
  String traceName();

  /** Reads one call's body; a 400 naming the field for what cannot be read or translated. */
  Exchange read(RequestBodies bodies, byte[] body, String traceId);

  /** One call in this form. */
  interface Exchange {

    /** The chat request the gateway runs (not yet checked as a chat request). */
    ChatRequest request();

    /**
     * The error as the client is told it, in this form's names: a chat check names the chat request's fields, which
     * a form that translated its request into chat did not send. {@code ownFrom}: where the client's own messages
     * begin in the chat request the error names (after a registered prompt's), -1 when not known.
     */
    default GatewayException told(GatewayException error, int ownFrom) {
      return error;
    }

    /** The bytes a full trace captures as the request, or null to capture the chat request re-written. */
    byte[] captured();

    /**
     * The body of a whole answer; {@code request} is the one the gateway ran, {@code booked} the tokens it booked the
     * call at (counted locally where the upstream reported none; null while the call runs).
     */
    byte[] answer(ChatResponse response, ChatRequest request, Supplier<Tokens> booked) throws IOException;

    /**
     * Writes a streamed answer, chunk by chunk, to {@code sse}; {@code request} is the one the gateway ran,
     * {@code booked} as for {@link #answer} (the call ends as its stream does).
     */
    StreamAnswer stream(SseWriter sse, ChatRequest request, Supplier<Tokens> booked);
  }

  /** A streamed answer as it is written: each chunk, then its end or its break. */
  interface StreamAnswer {

    /** One chunk of the upstream's stream ({@code rest}, whose raw bytes a form may forward as they came). */
    void chunk(ChatChunk chunk, ChunkStream rest) throws IOException;

    /** The stream ended whole. */
    void end() throws IOException;

    /** The stream broke after it began (the upstream failed, a guardrail refused the answer): the end says so. */
    void error(ErrorCode code, String message) throws IOException;
  }
}
