package dev.apprentice.cli.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;

/** One OpenAI-compatible endpoint under test: a name, its loopback base URL ending in {@code /v1}, extra headers. */
public record BenchTarget(String name, URI baseUrl, Map<String, String> headers) {

    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    public BenchTarget {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a target needs a name");
        }
        if (!"http".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("target " + name + ": expected an http:// URL, got " + baseUrl);
        }
        if (!isLoopback(baseUrl.getHost())) {
            throw new IllegalArgumentException("target " + name + ": only loopback targets (127.0.0.1) may be benchmarked, got "
                    + baseUrl.getHost());
        }
        headers.forEach((header, value) -> {
            if (!header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") || value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw new IllegalArgumentException("target " + name + ": invalid header '" + header + "'");
            }
        });
        headers = Map.copyOf(headers);
    }

    /** Parses {@code name=url}, as given to {@code --target}. */
    public static BenchTarget parse(String nameEqualsUrl, Map<String, String> headers) {
        int eq = nameEqualsUrl.indexOf('=');
        if (eq <= 0 || eq == nameEqualsUrl.length() - 1) {
            throw new IllegalArgumentException("expected name=url, got '" + nameEqualsUrl + "'");
        }
        return new BenchTarget(nameEqualsUrl.substring(0, eq), URI.create(nameEqualsUrl.substring(eq + 1)), headers);
    }

    public String host() {
        return baseUrl.getHost();
    }

    public int port() {
        return baseUrl.getPort() == -1 ? 80 : baseUrl.getPort();
    }

    /** The request path of the chat completions endpoint, e.g. {@code /v1/chat/completions}. */
    public String chatCompletionsPath() {
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        return (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + "/chat/completions";
    }

    private static boolean isLoopback(String host) {
        if (LOOPBACK_NAMES.contains(host)) {
            return true;
        }
        try {
            return host.chars().allMatch(c -> Character.isDigit(c) || c == '.') && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
