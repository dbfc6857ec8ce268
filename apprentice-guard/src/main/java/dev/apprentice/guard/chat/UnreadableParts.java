package dev.apprentice.guard.chat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.DataUrl;
import dev.apprentice.api.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The content parts of a request that carry content the scanners cannot read, which would reach the upstream unread:
 * an image sent as data (a {@code data:} URL), audio ({@code input_audio}), a file that is not text (a PDF, any other
 * binary {@code file_data}, text data that does not decode, data that is no data URL), a file sent by {@code file_id}
 * (uploaded to the upstream: its content is not in the request), and a part of a type the guard does not know that
 * holds no {@code text}. An image by http(s) URL is not among them: the gateway sends its address, which is read,
 * and never holds the image. Neither are Anthropic's {@code redacted_thinking} blocks: encrypted by the upstream that
 * wrote them, they carry nothing the caller sent.
 */
public final class UnreadableParts {

  /**
   * One part the guard cannot read.
   *
   * @param path where it is, {@code messages[2].content[1]}
   * @param kind what it is, as a verdict counts it: {@code IMAGE}, {@code AUDIO}, {@code FILE}, {@code FILE_ID} or
   *             {@code PART}
   * @param what what it is, in words, for the message of a refusal ({@code a file of type application/pdf})
   */
  public record Part(String path, String kind, String what) {}

  /** Part types whose content the guard reads, or that carry nothing of the caller's. */
  private static final Set<String> READ = Set.of("text", "refusal", "thinking", "redacted_thinking");

  private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9.+_-]{0,40}/[a-z0-9][a-z0-9.+_-]{0,80}");
  private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");

  private UnreadableParts() {}

  /** Every unreadable part of the request's messages, in order. */
  public static List<Part> of(ChatRequest request) {
    return of(request, new AttachedFiles());
  }

  /** Every unreadable part of the request's messages, in order, its text files read through {@code files}. */
  public static List<Part> of(ChatRequest request, AttachedFiles files) {
    List<Part> parts = new ArrayList<>();
    if (request.messages() == null) return parts;
    for (int i = 0; i < request.messages().size(); i++) {
      Message m = request.messages().get(i);
      if (m.content() == null || m.content().isText()) continue;
      for (int j = 0; j < m.content().parts().size(); j++) {
        Part part = unreadable(m.content().parts().get(j), "messages[" + i + "].content[" + j + "]", files);
        if (part != null) parts.add(part);
      }
    }
    return parts;
  }

  private static Part unreadable(ContentPart p, String path, AttachedFiles files) {
    if (p.text() != null) return null;
    if (p.imageUrl() != null) {
      String url = p.imageUrl().url();
      if (!DataUrl.is(url)) return null;
      String type = mediaType(url);
      return new Part(path, "IMAGE", "an image sent as data" + (type == null ? "" : " (" + type + ")"));
    }
    if (p.extra().get(FileText.FILE) instanceof Map<?, ?> file) return file(file, path, files);
    String type = p.type() == null ? "" : p.type();
    if (type.equals("input_audio")) return new Part(path, "AUDIO", "audio (input_audio)");
    if (READ.contains(type)) return null;
    String named = TYPE_NAME.matcher(type).matches() ? "'" + type + "'" : "unknown";
    return new Part(path, "PART", "a part of type " + named);
  }

  private static Part file(Map<?, ?> file, String path, AttachedFiles files) {
    if (file.get("file_id") != null) return new Part(path, "FILE_ID", "a file sent by file_id");
    if (!(file.get(FileText.FILE_DATA) instanceof String data)) return null;
    if (files.of(file) != null) return null;
    if (!DataUrl.is(data)) return new Part(path, "FILE", "a file whose file_data is not a data URL");
    String type = mediaType(data);
    if (type == null) return new Part(path, "FILE", "a file of an unknown media type");
    boolean text = type.startsWith("text/");
    return new Part(path, "FILE", text ? "a text file whose file_data does not decode" : "a file of type " + type);
  }

  /**
   * The media type, or null when it names none or something that does not look like one: a message quotes no other
   * text of the caller's (it could be a value).
   */
  private static String mediaType(String url) {
    String type = url.indexOf(',') > 0 ? DataUrl.parse(url).mediaType() : "";
    return MEDIA_TYPE.matcher(type).matches() ? type : null;
  }
}
