package dev.apprentice.cli.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat completions server on 127.0.0.1 for the generator's tests; the first path segment picks the behaviour:
 * {@code /ok/v1} answers JSON or a full SSE stream, {@code /nodone/v1} streams without {@code data: [DONE]},
 * {@code /fail/v1} answers 500, {@code /slow/v1} waits 300 ms first. {@code /metrics} shows an overhead histogram
 * that counts every chat call so far as taking under 100 µs.
 */
final class FakeChatServer implements AutoCloseable {

    private static final String COMPLETION = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":"
            + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello.\"},\"finish_reason\":\"stop\"}]}";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();

    FakeChatServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL of one behaviour, e.g. {@code http://127.0.0.1:PORT/ok/v1}. */
    URI metricsUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    URI url(String behaviour) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + behaviour + "/v1");
    }

    BenchTarget target(String behaviour) {
        return new BenchTarget(behaviour, url(behaviour), Map.of());
    }

    int requests() {
        return requests.get();
    }

    /** A header of the latest request, by lower-case name, or null. */
    String lastHeader(String name) {
        return lastHeaders.get(name);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().equals("/metrics")) {
                int calls = requests.get();
                send(exchange, 200, "text/plain", String.join("\n",
                        "apprentice_gateway_overhead_seconds_bucket{mode=\"json\",le=\"1.0E-4\"} " + calls,
                        "apprentice_gateway_overhead_seconds_bucket{mode=\"json\",le=\"0.001\"} " + calls,
                        "apprentice_gateway_overhead_seconds_bucket{mode=\"json\",le=\"+Inf\"} " + calls, ""));
                return;
            }
            requests.incrementAndGet();
            exchange.getRequestHeaders().forEach((name, values) -> lastHeaders.put(name.toLowerCase(), values.getFirst()));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String behaviour = exchange.getRequestURI().getPath().split("/")[1];
            if (!exchange.getRequestURI().getPath().endsWith("/v1/chat/completions")) {
                send(exchange, 404, "application/json", "{\"error\":{\"message\":\"no such path\"}}");
                return;
            }
            switch (behaviour) {
                case "fail" -> send(exchange, 500, "application/json", "{\"error\":{\"message\":\"boom\"}}");
                case "slow" -> {
                    sleep(300);
                    answer(exchange, body, true);
                }
                case "nodone" -> answer(exchange, body, false);
                default -> answer(exchange, body, true);
            }
        }
    }

    private static void answer(HttpExchange exchange, String body, boolean done) throws IOException {
        if (!body.contains("\"stream\":true")) {
            send(exchange, 200, "application/json", COMPLETION);
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String word : new String[] {"Hel", "lo."}) {
            out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + word + "\"}}]}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        if (done) {
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
