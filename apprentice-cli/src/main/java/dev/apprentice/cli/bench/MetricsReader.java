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

    /** The overhead histogram and the whole-call one of a target, read together. */
    record Reading(OverheadHistogram overhead, OverheadHistogram answered) {
        static final Reading EMPTY = new Reading(OverheadHistogram.EMPTY, OverheadHistogram.EMPTY);

        Reading since(Reading earlier) {
            return new Reading(overhead.since(earlier.overhead), answered.since(earlier.answered));
        }
    }

    /** The target's histograms now; empty when the target has no endpoint or it cannot be read. */
    Reading read(BenchTarget target) {
        URI uri = endpoints.get(target.name());
        if (uri == null) {
            return Reading.EMPTY;
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Reading.EMPTY;
            }
            return new Reading(OverheadHistogram.parse(response.body()),
                    OverheadHistogram.parse(response.body(), OverheadHistogram.ANSWERED_METRIC));
        } catch (IOException e) {
            return Reading.EMPTY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reading.EMPTY;
        }
    }
}
