package dev.apprentice.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Where a request body's JSON stops being readable, for a client's 400 (what is wrong, in plain words, is
 * {@link dev.apprentice.api.JsonParseErrors}).
 */
final class ParseErrors {

  private ParseErrors() {}

  /**
   * Where the JSON in {@code body} stops being readable, for errors the parser raises without a place (a limit such
   * as the nesting depth): read again token by token up to the failure. Null when it reads to the end.
   */
  static JsonLocation locate(byte[] body) {
    try (JsonParser parser = ServerJson.MAPPER.getFactory().createParser(body)) {
      try {
        while (parser.nextToken() != null) {
          // read on to the failure
        }
        return null;
      } catch (IOException failure) {
        return parser.currentLocation();
      }
    } catch (IOException e) {
      return null;
    }
  }
}
