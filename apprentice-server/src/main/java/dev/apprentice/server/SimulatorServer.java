package dev.apprentice.server;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.providers.simulator.SimulatorProvider;
import dev.apprentice.providers.simulator.SimulatorSettings;
import dev.apprentice.server.http.ChatRequestValidator;
import dev.apprentice.server.http.ErrorResponses;
import dev.apprentice.server.http.RequestBodies;
import dev.apprentice.server.http.RequestEncodings;
import dev.apprentice.server.http.ServerJson;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The simulator as a standalone OpenAI-compatible server ({@code apprentice simulator}), for load and fault tests
 * of any client or gateway. Faults are rendered on the wire: 429 with Retry-After, 500, a connection closed before
 * the answer, a hang, a malformed JSON body, an SSE stream cut before {@code [DONE]}.
 */
public final class SimulatorServer implements AutoCloseable {

  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(120);

  private final WebServer web;
  private final SimulatorProvider simulator;
  private final RequestBodies bodies = new RequestBodies(8L * 1024 * 1024);

  private SimulatorServer(String host, int port, SimulatorSettings settings) {
    PortCheck.free(host, port);
    this.simulator = new SimulatorProvider("simulator", settings);
    this.web = WebServer.builder()
        .host(host)
        .port(port)
        .connectionOptions(socket -> socket.tcpNoDelay(true))
        .contentEncoding(RequestEncodings.IDENTITY_ONLY)
        .routing(r -> {
          RequestEncodings.gate(r);
          r.post("/v1/chat/completions", this::chat)
            .get("/v1/models", (req, res) -> res.header(HeaderNames.CONTENT_TYPE, "application/json")
                .send("{\"object\":\"list\",\"data\":[{\"id\":\"sim-echo\",\"object\":\"model\",\"owned_by\":\"simulator\"},"
                    + "{\"id\":\"sim-lorem\",\"object\":\"model\",\"owned_by\":\"simulator\"}]}"))
            .get("/health", (req, res) -> res.header(HeaderNames.CONTENT_TYPE, "application/json").send("{\"status\":\"ok\"}"));
        })
        .build()
        .start();
    PortCheck.listening(web, host, port);
  }

  public static SimulatorServer start(String host, int port, SimulatorSettings settings) {
    return new SimulatorServer(host, port, settings);
  }

  public int port() {
    return web.port();
  }

  private void chat(ServerRequest req, ServerResponse res) throws IOException {
    ChatRequest request;
    try {
      request = ChatRequestValidator.validate(bodies.parse(bodies.read(req), ChatRequest.class));
    } catch (GatewayException e) {
      ErrorResponses.send(res, e);
      return;
    }
    CallContext context = CallContext.withTimeout("sim", CALL_TIMEOUT);
    try {
      if (request.streaming()) {
        stream(res, simulator.stream(request, context),
            request.streamOptions() != null && request.streamOptions().usageRequested());
      } else {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(ServerJson.WIRE.writeValueAsBytes(simulator.chat(request, context)));
      }
    } catch (ProviderException e) {
      fail(res, e);
    } catch (GatewayException e) {
      ErrorResponses.send(res, e); // a value the simulator refuses as OpenAI would
    }
  }

  /**
   * Sends the stream as SSE; its usage chunk (the provider always makes one, for the gateway to book) only when the
   * client asked for it with {@code stream_options.include_usage}, as OpenAI does.
   */
  private static void stream(ServerResponse res, ChunkStream stream, boolean usageRequested) throws IOException {
    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
    try (stream; OutputStream out = res.outputStream()) {
      try {
        for (ChatChunk chunk = stream.next(); chunk != null; chunk = stream.next()) {
          if (!usageRequested && chunk.usageOnly()) continue;
          out.write(DATA);
          out.write(ServerJson.WIRE.writeValueAsBytes(chunk));
          out.write(END);
          out.flush();
        }
        out.write(DONE);
      } catch (ProviderException truncated) {
        // a truncated stream: end the body without [DONE], as a broken upstream would
      }
    } catch (UncheckedIOException clientGone) {
      // the client went away; closing the stream above stopped the simulation
    }
  }

  private static void fail(ServerResponse res, ProviderException e) {
    switch (e.kind()) {
      case RATE_LIMITED -> {
        long seconds = e.retryAfter() == null ? 1 : Math.max(1, e.retryAfter().toSeconds());
        res.header(HeaderNames.RETRY_AFTER, String.valueOf(seconds));
        send(res, Status.TOO_MANY_REQUESTS_429, ErrorCode.RATE_LIMIT_EXCEEDED, e.getMessage());
      }
      case BAD_RESPONSE -> {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send("{\"id\":\"chatcmpl-broken\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assis");
      }
      case CONNECTION -> {
        // promise a body, send one byte of it, then drop the connection: the client sees the answer cut short
        res.header(HeaderNames.CONTENT_LENGTH, "1024");
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        try {
          OutputStream out = res.outputStream();
          out.write('{');
          out.flush();
        } catch (IOException | UncheckedIOException alreadyGone) {
          // the connection is dropped below either way
        }
        throw new CloseConnectionException("simulated connection reset");
      }
      case TIMEOUT -> send(res, Status.GATEWAY_TIMEOUT_504, ErrorCode.UPSTREAM_TIMEOUT, e.getMessage());
      case INVALID_REQUEST -> send(res, Status.BAD_REQUEST_400, ErrorCode.INVALID_REQUEST, e.getMessage());
      default -> send(res, Status.INTERNAL_SERVER_ERROR_500, ErrorCode.UPSTREAM_ERROR, e.getMessage());
    }
  }

  private static void send(ServerResponse res, Status status, ErrorCode code, String message) {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(ErrorResponses.body(code, message, null));
  }

  @Override
  public void close() {
    web.stop();
  }
}
