package dev.apprentice.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.server.responses.ResponseIds;
import dev.apprentice.server.responses.ResponseObject;
import dev.apprentice.server.responses.ResponseStream;
import dev.apprentice.server.responses.ResponsesParams;
import dev.apprentice.server.responses.ResponsesRequest;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code POST /v1/responses}: OpenAI's Responses request translated into the gateway's chat call
 * ({@link ResponsesRequest}), its answer written back as a Response object or as the Responses API's typed events.
 * The trace captures the chat request the call ran, so that it reads like any chat call's, and names the API
 * ({@code api: responses}); an error names the Responses request's fields ({@link ResponsesParams}).
 */
final class ResponsesApi implements ChatApi {

  @Override
  public String traceName() {
    return TraceDetails.RESPONSES;
  }

  @Override
  public Exchange read(RequestBodies bodies, byte[] body, String traceId) {
    JsonNode json = bodies.parse(body, JsonNode.class);
    ResponsesRequest.Translated translated = ResponsesRequest.read(json, ServerJson.WIRE);
    ChatRequest request = translated.request();
    ResponseObject response = new ResponseObject(json, ResponseIds.response(traceId),
        System.currentTimeMillis() / 1000);
    return new Exchange() {
      @Override
      public ChatRequest request() {
        return request;
      }

      @Override
      public GatewayException told(GatewayException error, int ownFrom) {
        return translated.params().told(error, ownFrom);
      }

      @Override
      public byte[] captured() {
        // the chat request re-written, not the client's bytes: what reads a trace's request (datasets from traces,
        // traces show) reads chat messages, and a Responses call then makes the item its chat twin makes
        return null;
      }

      @Override
      public byte[] answer(ChatResponse answer, ChatRequest ran, Supplier<Tokens> booked) throws IOException {
        return ServerJson.MAPPER.writeValueAsBytes(response.ran(ran).counted(booked).answered(answer));
      }

      @Override
      public StreamAnswer stream(SseWriter sse, ChatRequest ran, Supplier<Tokens> booked) {
        return new Events(sse, new ResponseStream(response.ran(ran).counted(booked)));
      }
    };
  }

  /** The chunks as named events; the stream ends with its last event, without {@code [DONE]}. */
  private record Events(SseWriter sse, ResponseStream events) implements StreamAnswer {

    @Override
    public void chunk(ChatChunk chunk, ChunkStream rest) throws IOException {
      write(events.chunk(chunk));
    }

    @Override
    public void end() throws IOException {
      write(events.end());
      sse.flush();
    }

    @Override
    public void error(ErrorCode code, String message) throws IOException {
      write(events.failed(code.label(), message));
      sse.flush();
    }

    private void write(List<ResponseStream.Event> list) throws IOException {
      for (ResponseStream.Event event : list) sse.named(event.type(), ServerJson.MAPPER.writeValueAsBytes(event.data()));
    }
  }
}
