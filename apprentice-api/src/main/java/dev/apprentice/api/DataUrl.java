package dev.apprentice.api;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A {@code data:} URL (RFC 2397), {@code data:<media type>[;charset=<charset>][;base64],<data>}, as a file part's
 * {@code file_data} or an image part's URL carries one. A text file's data reads as its text ({@link #text()}) and is
 * written back in the form it came in ({@link #withText}): base64 stays base64, percent-encoding stays
 * percent-encoding, the charset stays the same. One definition for the Anthropic translation, which sends a text
 * file's text as a document, and the guard, which reads the text and redacts it.
 */
public final class DataUrl {

  private static final String SCHEME = "data:";
  private static final String BASE64 = "base64";
  private static final String CHARSET = "charset=";
  private static final String UNRESERVED = "-._~";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final String writtenType;
  private final List<String> parameters;
  private final boolean base64;
  private final String data;

  private DataUrl(String writtenType, List<String> parameters, boolean base64, String data) {
    this.writtenType = writtenType;
    this.parameters = List.copyOf(parameters);
    this.base64 = base64;
    this.data = data;
  }

  /** True when {@code url} starts with {@code data:}, in any case. */
  public static boolean is(String url) {
    return url != null && url.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /**
   * The data URL {@code url}; {@code ;base64} counts only as the last parameter, as RFC 2397 writes it.
   *
   * @throws IllegalArgumentException when it is no data URL (the message completes "file_data …")
   */
  public static DataUrl parse(String url) {
    int comma = url == null ? -1 : url.indexOf(',');
    if (!is(url) || comma < 0) {
      throw new IllegalArgumentException("must be a data URL: data:<media type>;base64,<data>");
    }
    String[] fields = url.substring(SCHEME.length(), comma).split(";", -1);
    List<String> parameters = new ArrayList<>();
    boolean base64 = false;
    for (int i = 1; i < fields.length; i++) {
      if (i == fields.length - 1 && fields[i].strip().equalsIgnoreCase(BASE64)) base64 = true;
      else parameters.add(fields[i]);
    }
    return new DataUrl(fields[0], parameters, base64, url.substring(comma + 1));
  }

  /** The media type, lower-cased ({@code text/plain}); empty when the URL names none. */
  public String mediaType() {
    return writtenType.strip().toLowerCase(Locale.ROOT);
  }

  /** True for a {@code text/*} media type: its data is text. */
  public boolean textual() {
    return mediaType().startsWith("text/");
  }

  /** The {@code charset} parameter as written, or null when there is none. */
  public String charset() {
    for (String parameter : parameters) {
      String field = parameter.strip();
      if (field.regionMatches(true, 0, CHARSET, 0, CHARSET.length())) return field.substring(CHARSET.length());
    }
    return null;
  }

  /** True when the data is base64; otherwise it is percent-encoded (or plain). */
  public boolean base64() {
    return base64;
  }

  /** The data after the comma, as written. */
  public String data() {
    return data;
  }

  /**
   * The data as text: base64-decoded or percent-decoded (a {@code +} stays a plus), in its charset (UTF-8 when it names
   * none). Bytes that are not valid in the charset read as U+FFFD.
   *
   * @throws IllegalArgumentException for an unknown charset or data that is not valid in its encoding (the message
   *                                  completes "file_data …")
   */
  public String text() {
    Charset charset = decoding();
    try {
      return base64 ? new String(Base64.getDecoder().decode(data.strip()), charset)
          : URLDecoder.decode(data.replace("+", "%2B"), charset);
    } catch (IllegalArgumentException e) {
      String encoding = base64 ? "base64" : "percent-encoding";
      throw new IllegalArgumentException("is not valid " + encoding + ": " + e.getMessage(), e);
    }
  }

  /**
   * This URL holding {@code text} instead, written as this one was: base64 or percent-encoded (every byte but ASCII
   * letters, digits and {@code -._~} as {@code %XX}), in the same charset. Should that charset be unable to write
   * {@code text} (US-ASCII and a character it never held), the text is written in UTF-8 and the charset parameter says
   * so.
   *
   * @throws IllegalArgumentException for an unknown charset
   */
  public DataUrl withText(String text) {
    Charset charset = decoding();
    List<String> written = parameters;
    if (!charset.canEncode() || !charset.newEncoder().canEncode(text)) {
      charset = StandardCharsets.UTF_8;
      written = withCharset("utf-8");
    }
    byte[] bytes = text.getBytes(charset);
    String encoded = base64 ? Base64.getEncoder().encodeToString(bytes) : percentEncoded(bytes);
    return new DataUrl(writtenType, written, base64, encoded);
  }

  /** The URL as written: {@code data:<media type>[;parameters][;base64],<data>}. */
  public String url() {
    StringBuilder url = new StringBuilder(SCHEME).append(writtenType);
    for (String parameter : parameters) url.append(';').append(parameter);
    if (base64) url.append(';').append(BASE64);
    return url.append(',').append(data).toString();
  }

  @Override
  public String toString() {
    return url();
  }

  private Charset decoding() {
    String name = charset();
    if (name == null) return StandardCharsets.UTF_8;
    try {
      return Charset.forName(name.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("names an unknown charset '" + name + "'", e);
    }
  }

  private List<String> withCharset(String name) {
    List<String> replaced = new ArrayList<>();
    boolean found = false;
    for (String parameter : parameters) {
      boolean charset = parameter.strip().regionMatches(true, 0, CHARSET, 0, CHARSET.length());
      replaced.add(charset ? CHARSET + name : parameter);
      found |= charset;
    }
    if (!found) replaced.addFirst(CHARSET + name);
    return replaced;
  }

  private static String percentEncoded(byte[] bytes) {
    StringBuilder encoded = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      char c = (char) (b & 0xFF);
      boolean plain = c < 0x80 && (Character.isLetterOrDigit(c) || UNRESERVED.indexOf(c) >= 0);
      if (plain) encoded.append(c);
      else encoded.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }
    return encoded.toString();
  }
}
