package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A Responses API event stream as a client reads it: each event's name (its {@code event:} line) and data. */
record ResponseEvents(List<Event> events) {

  record Event(String name, JsonNode data) {
    String type() {
      return data.path("type").asText();
    }
  }

  /** Parses a whole SSE body; each event must have one {@code event:} line and one {@code data:} line. */
  static ResponseEvents parse(String body) {
    List<Event> events = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      if (block.isBlank() || block.startsWith(":")) continue;
      String name = null;
      String data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) name = line.substring(7);
        else if (line.startsWith("data: ")) data = line.substring(6);
      }
      assertThat(name).as("event line of %s", block).isNotNull();
      assertThat(data).as("data line of %s", block).isNotNull();
      events.add(new Event(name, RawHttp.json(data)));
    }
    return new ResponseEvents(List.copyOf(events));
  }

  List<String> types() {
    return events.stream().map(Event::type).toList();
  }

  /** The data of the only event of this type. */
  JsonNode only(String type) {
    List<JsonNode> found = all(type);
    assertThat(found).as("events of type %s", type).hasSize(1);
    return found.getFirst();
  }

  List<JsonNode> all(String type) {
    return events.stream().filter(e -> e.type().equals(type)).map(Event::data).toList();
  }

  /** The concatenated deltas of the events of this type. */
  String deltas(String type) {
    StringBuilder text = new StringBuilder();
    all(type).forEach(e -> text.append(e.path("delta").asText()));
    return text.toString();
  }
}
