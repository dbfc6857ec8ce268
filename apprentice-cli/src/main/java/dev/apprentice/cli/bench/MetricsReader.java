package dev.apprentice.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Reads the overhead histograms of the targets that are Apprentice gateways (their {@code /metrics} URLs, from
 * {@code --metrics}) before and after each open-loop run. A target whose endpoint cannot be read reports nothing for
 * that run; the benchmark goes on.
 */
final class MetricsReader {

    private final Map<String, URI> endpoints;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    MetricsReader(Map<String, URI> endpoints) {
        this.endpoints = Map.copyOf(endpoints);
    }

    boolean reads(BenchTarget target) {
        return endpoints.containsKey(target.name());
    }

    /** The target's histogram now; empty when the target has no endpoint or it cannot be read. */
    OverheadHistogram read(BenchTarget target) {
        URI uri = endpoints.get(target.name());
        if (uri == null) {
            return OverheadHistogram.EMPTY;
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? OverheadHistogram.parse(response.body()) : OverheadHistogram.EMPTY;
        } catch (IOException e) {
            return OverheadHistogram.EMPTY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OverheadHistogram.EMPTY;
        }
    }
}
