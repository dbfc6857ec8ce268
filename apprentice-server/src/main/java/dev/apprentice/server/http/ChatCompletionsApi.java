package dev.apprentice.server.http;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.Usage;
import dev.apprentice.api.trace.Tokens;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * {@code POST /v1/chat/completions}: OpenAI's chat request as it is, the answer and its chunks as they are, but for a
 * usage the upstream did not report: the tokens the gateway booked the call at, as OpenAI always reports one.
 */
final class ChatCompletionsApi implements ChatApi {

  @Override
  public String traceName() {
    return null;
  }

  @Override
  public Exchange read(RequestBodies bodies, byte[] body, String traceId) {
    ChatRequest request = bodies.parse(body, ChatRequest.class);
    return new Exchange() {
      @Override
      public ChatRequest request() {
        return request;
      }

      @Override
      public byte[] captured() {
        return body; // the client's own bytes
      }

      @Override
      public byte[] answer(ChatResponse response, ChatRequest ran, Supplier<Tokens> booked) throws IOException {
        return ServerJson.WIRE.writeValueAsBytes(response.usage() != null ? response
            : response.withUsage(Usage.counted(booked.get())));
      }

      @Override
      public StreamAnswer stream(SseWriter sse, ChatRequest ran, Supplier<Tokens> booked) {
        return new Chunks(sse, ran.streamOptions() != null && ran.streamOptions().usageRequested(), booked);
      }
    };
  }

  /**
   * The chunks as {@code data:} events ending with {@code data: [DONE]}; the usage chunk only when the client asked
   * for it ({@code stream_options.include_usage}), as the gateway always asks the upstream for it, and then always:
   * of the tokens the gateway booked the call at when the upstream reported none. Every tool-call fragment reaches
   * the client with an {@code index} ({@link ToolCallNumbering}).
   */
  private static final class Chunks implements StreamAnswer {

    private final SseWriter sse;
    private final boolean usageRequested;
    private final Supplier<Tokens> booked;
    private final ToolCallNumbering toolCalls = new ToolCallNumbering();
    private ChatChunk last;
    private Usage usageNotAlone; // usage a chunk with choices carried, and no usage-only chunk after it
    private boolean usageReported; // some chunk carried usage

    Chunks(SseWriter sse, boolean usageRequested, Supplier<Tokens> booked) {
      this.sse = sse;
      this.usageRequested = usageRequested;
      this.booked = booked;
    }

    @Override
    public void chunk(ChatChunk chunk, ChunkStream rest) throws IOException {
      ChatChunk told = toolCalls.numbered(chunk); // itself unless a tool-call fragment lacked its index
      if (usageRequested || chunk.usage() == null) {
        // the same chunk, as the upstream wrote it, when forwardable and not numbered here
        byte[] upstreamJson = told == chunk ? rest.lastChunkJson() : null;
        if (upstreamJson != null) sse.event(upstreamJson);
        else sse.chunk(told);
        if (chunk.usage() != null) usageNotAlone = chunk.usageOnly() ? null : chunk.usage();
      } else if (!chunk.usageOnly()) {
        sse.chunk(told.withoutUsage());
      }
      if (chunk.usage() != null) usageReported = true;
      last = chunk;
    }

    @Override
    public void end() throws IOException {
      // OpenAI's include_usage promises a last chunk of usage and no choices; a server that puts the usage on its
      // final choice's chunk instead (Mistral's API does) gets that chunk added, the usage repeated
      if (usageNotAlone != null) sse.chunk(last.usageChunk(usageNotAlone));
      // an upstream that reported none (older Ollama and llama.cpp builds): the tokens the gateway counted, as the
      // trace's usage_estimated says; the stream has ended, so has its call
      else if (usageRequested && !usageReported && last != null) {
        sse.chunk(last.usageChunk(Usage.counted(booked.get())));
      }
      sse.done();
    }

    @Override
    public void error(ErrorCode code, String message) throws IOException {
      sse.error(code, message);
    }
  }
}
