package dev.apprentice.cli.bench;

import java.nio.charset.StandardCharsets;

/** The request every benchmark call sends: a small chat completion to one model, streamed or not. */
public record Workload(String model, boolean stream) {

    public Workload {
        if (model == null || model.isBlank() || model.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20)) {
            throw new IllegalArgumentException("model name must be non-blank plain text, got '" + model + "'");
        }
    }

    /** The JSON body: one short user message, a small token limit, and {@code "stream":true} when streaming. */
    public byte[] body() {
        String json = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Say hello in one short sentence.\"}],\"max_tokens\":16"
                + (stream ? ",\"stream\":true" : "") + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code stream} or {@code plain}, as used in reports. */
    public String modeName() {
        return stream ? "stream" : "plain";
    }
}
