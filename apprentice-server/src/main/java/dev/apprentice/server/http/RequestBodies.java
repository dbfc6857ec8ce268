package dev.apprentice.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.JsonParseErrors;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;

/**
 * Reads a JSON request body into a value type, turning every way it can be wrong into a 400 or 413 whose
 * {@code param} names the offending field.
 */
public final class RequestBodies {

  private static final ObjectReader UNAMBIGUOUS = ServerJson.MAPPER.readerFor(JsonNode.class)
      .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

  private final long maxBytes;

  public RequestBodies(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * The whole body. One that cannot be read to its end ends the connection, since where the next request would start
   * is then unknown: over the limit (413) or with broken framing (a chunk size that is no hexadecimal number, a bad
   * line end: 400) it is refused with an error whose answer closes the connection, and so is one that stops arriving
   * for the read timeout (408, see {@link ConnectionTimeouts}); a client that leaves mid-body is a {@link ClientGone},
   * and the connection ends without an answer.
   */
  public byte[] read(ServerRequest request) {
    long declared = request.headers().contentLength().orElse(-1);
    if (declared > maxBytes) throw new UnreadableBody(tooLarge());
    // a model call takes its body's bytes from the body budget before reading them (CallAdmission): over it, the
    // body is left unread and the call refused 503 overloaded, rather than read into a heap it would exhaust
    CallAdmission.Place place = CallAdmission.placeOf(request).orElse(null);
    WatchedConnection connection = ConnectionTimeouts.current(); // null where no timeouts are kept (the simulator)
    // not closed on failure: closing reads the rest of the entity, which a broken or abandoned body may never end
    InputStream in = request.content().inputStream();
    if (connection != null) {
      connection.enter(WatchedConnection.Phase.BODY);
      in = connection.watch(in);
    }
    try {
      if (place != null && declared > 0) {
        GatewayException refused = place.takeBody(declared);
        if (refused != null) throw drained(in, declared, refused);
      }
      // with a declared length the body is read into an array of exactly that size (the server ends the entity
      // there); without one, a 16 KB read buffer is allocated and then copied, which on small calls was a tenth
      // of all the gateway allocated
      int limit = declared >= 0 ? (int) declared : (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1);
      byte[] body = place != null && declared < 0 ? readBudgeted(in, limit, place) : in.readNBytes(limit);
      if (body.length > maxBytes) throw new UnreadableBody(tooLarge());
      in.close(); // the entity's end, already read
      return body;
    } catch (IOException | UncheckedIOException | CloseConnectionException
        | DataReader.InsufficientDataAvailableException e) {
      if (connection != null && connection.bodyTimedOut()) {
        // its reads were ended by the read timeout: the client may still be there, and can be told
        throw new UnreadableBody(new GatewayException(ErrorCode.REQUEST_TIMEOUT, "the request body stopped arriving:"
            + " nothing came for longer than the server's read timeout (server.read_timeout_ms)"));
      }
      // the connection ended or broke mid-body
      throw ClientGone.reading(e);
    } catch (RequestException e) {
      throw new UnreadableBody(e.status().code() == 413 ? tooLarge() : unreadable(e.getMessage()));
    } catch (HttpException e) {
      throw new UnreadableBody(e.status().code() == 413 ? tooLarge() : unreadable(e.getMessage()));
    } catch (IllegalArgumentException | DataReader.IncorrectNewLineException e) {
      // Helidon's chunk parser: a size that is not a hexadecimal number or overflows, a line not ended by CR LF
      throw new UnreadableBody(unreadable("malformed chunked encoding"));
    } finally {
      if (connection != null) connection.enter(WatchedConnection.Phase.ROUTED);
    }
  }

  /** A piece of a body without a length: what is taken from the body budget before it is read. */
  private static final int PIECE = 64 * 1024;

  /**
   * A body without a declared length (chunked), read a piece at a time, each piece's bytes taken from the body budget
   * before it is read: a body that grows past what is left is refused there ({@link CallAdmission.Place#takeBody}).
   */
  private static byte[] readBudgeted(InputStream in, int limit, CallAdmission.Place place) throws IOException {
    java.util.List<byte[]> pieces = new java.util.ArrayList<>();
    int total = 0;
    while (total < limit) {
      int size = Math.min(PIECE, limit - total);
      GatewayException refused = place.takeBody(size);
      if (refused != null) throw drained(in, limit - total, refused);
      byte[] piece = in.readNBytes(size);
      if (piece.length < size) place.giveBody(size - piece.length);
      pieces.add(piece);
      total += piece.length;
      if (piece.length < size) break; // the body's end
    }
    if (pieces.size() == 1) return pieces.getFirst();
    byte[] body = new byte[total];
    int at = 0;
    for (byte[] piece : pieces) {
      System.arraycopy(piece, 0, body, at, piece.length);
      at += piece.length;
    }
    return body;
  }

  /**
   * A body refused for the body budget ({@code refused}, which closes the connection) read on to its end into nothing,
   * at most {@code rest} more bytes: then the refusal is answered on a connection that stays open. Left unread, the
   * client still sending it could meet a closed socket (a reset) before it read its 503 and Retry-After. A body that
   * does not end within {@code rest} keeps the closing refusal; a failed read goes up as a read failure does.
   */
  private static GatewayException drained(InputStream in, long rest, GatewayException refused) throws IOException {
    byte[] sink = new byte[8192];
    long left = rest;
    while (left >= 0) {
      int n = in.read(sink, 0, (int) Math.min(sink.length, left + 1));
      if (n < 0) return new GatewayException(refused.code(), refused.getMessage(), refused.param(),
          refused.retryAfter());
      left -= n;
    }
    return refused;
  }

  private static GatewayException unreadable(String reason) {
    return GatewayException.invalid(null, "could not read the request body"
        + (reason == null || reason.isBlank() ? "" : ": " + reason));
  }

  /**
   * The body as {@code type}; a 400 when it is not a JSON object (JSON {@code null}, an array, a number, a string)
   * where {@code type} wants one. A {@link com.fasterxml.jackson.databind.JsonNode} is answered as parsed, for the
   * caller to check.
   */
  public <T> T parse(byte[] body, Class<T> type) {
    return parse(body, type, ServerJson.MAPPER.readerFor(type));
  }

  /**
   * The body as a tree for the caller to check, as {@link #parse} reads it, except that a field given twice in one
   * object is a 400 naming it: which of the two was meant is a guess (the last one won), and the admin API's bodies
   * make keys and change data, where a guess is not good enough ({@code {"models":["cheap"],...,"models":null}}).
   */
  public JsonNode parseUnambiguous(byte[] body) {
    return parse(body, JsonNode.class, UNAMBIGUOUS);
  }

  private <T> T parse(byte[] body, Class<T> type, ObjectReader reader) {
    if (body.length == 0) throw GatewayException.invalid(null, "the request body is empty; expected a JSON object");
    BodyEncoding.requireUtf8(body); // first: the parser would take UTF-16, and decode some ill-formed UTF-8
    T value;
    try {
      value = reader.readValue(body);
    } catch (MismatchedInputException | ValueInstantiationException e) {
      if (e instanceof MismatchedInputException && e.getOriginalMessage().startsWith("Trailing token")) {
        throw malformed(e, body); // a second value after the object
      }
      String param = paramOf(e);
      if (param == null && e instanceof MismatchedInputException && !opensAnObject(body)) throw notAnObject();
      throw GatewayException.invalid(param, (param == null ? "invalid request body: "
          : "invalid type for '" + param + "': ") + reason(e));
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof JsonParseException p && duplicate(p) != null) throw duplicate(p);
      String param = paramOf(e);
      if (e.getCause() instanceof JsonParseException || e.getCause() instanceof StreamConstraintsException) {
        // a syntax error or a parser limit met inside a nested value: the JSON is malformed, no field is at fault
        throw malformed((JsonProcessingException) e.getCause(), body);
      }
      throw GatewayException.invalid(param, "invalid value for '" + param + "': " + reason(e));
    } catch (JsonProcessingException e) {
      if (e instanceof JsonParseException p && duplicate(p) != null) throw duplicate(p);
      throw malformed(e, body);
    } catch (IOException e) {
      throw GatewayException.invalid(null, "could not read the request body: " + e.getMessage());
    }
    if (value == null) throw notAnObject(); // the body was JSON null
    return value;
  }

  /** A 400 naming a field given twice in one object ({@code documents[1].id}), or null for any other parse error. */
  private static GatewayException duplicate(JsonParseException e) {
    String message = e.getOriginalMessage();
    if (message == null || !message.startsWith("Duplicate") || !(e.getProcessor() instanceof JsonParser parser)) {
      return null;
    }
    String param = pathOf(parser.getParsingContext());
    return GatewayException.invalid(param, "'" + param + "' is given more than once in the request body; give each"
        + " field once");
  }

  /** {@code documents[1].id}: where a parser is, from the outermost value in. */
  private static String pathOf(JsonStreamContext context) {
    ArrayDeque<JsonStreamContext> outermostFirst = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) outermostFirst.addFirst(c);
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext c : outermostFirst) {
      if (c.inArray()) {
        path.append('[').append(Math.max(c.getCurrentIndex(), 0)).append(']');
      } else if (c.getCurrentName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(c.getCurrentName());
      }
    }
    return path.toString();
  }

  /** A 400 for JSON that cannot be read, in plain words and with the place (found again when the parser gave none). */
  private static GatewayException malformed(JsonProcessingException e, byte[] body) {
    JsonLocation location = e.getLocation() != null ? e.getLocation() : ParseErrors.locate(body);
    return GatewayException.invalid(null, "malformed JSON in the request body: " + JsonParseErrors.plain(
        e.getOriginalMessage()) + (location == null ? "" : where(location)));
  }

  private static GatewayException notAnObject() {
    return GatewayException.invalid(null, "the request body must be a JSON object");
  }

  /** True when the body's first character other than white space opens a JSON object. */
  private static boolean opensAnObject(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') return b == '{';
    }
    return false;
  }

  /** {@code messages[0].content} from Jackson's reference path; null when it is empty. */
  public static String paramOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) path.append('.');
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? null : path.toString();
  }

  /**
   * What is wrong in plain words ({@code expected a number}, {@code NaN is not a JSON number (line 1, column 9)}):
   * no Java types, parser settings or limits.
   */
  public static String reason(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      message = "expected " + describe(m.getTargetType()) + (message.contains("from ") ? " but got " + after(message, "from ") : "");
    }
    if (e instanceof ValueInstantiationException && e.getCause() != null && e.getCause().getMessage() != null) {
      message = e.getCause().getMessage();
    }
    var location = e.getLocation();
    String where = location == null || e instanceof JsonMappingException ? "" : where(location);
    return JsonParseErrors.plain(message) + where;
  }

  private static String where(JsonLocation location) {
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static String after(String message, String marker) {
    String rest = message.substring(message.indexOf(marker) + marker.length());
    int cut = rest.indexOf(" (");
    return cut > 0 ? rest.substring(0, cut) : rest;
  }

  private static String describe(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "an integer";
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) return "a number";
    if (type == Boolean.class || type == boolean.class) return "a boolean";
    if (CharSequence.class.isAssignableFrom(type)) return "a string";
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) return "an array";
    if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) return "an object";
    return "a value of the documented kind"; // never a Java type's name: the reader is a client, not this code
  }

  private GatewayException tooLarge() {
    return new GatewayException(ErrorCode.REQUEST_TOO_LARGE,
        "the request body is larger than the limit of " + maxBytes + " bytes", null, null);
  }
}
