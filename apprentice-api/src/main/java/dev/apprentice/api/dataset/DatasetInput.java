package dev.apprentice.api.dataset;

import dev.apprentice.api.Message;
import java.util.List;
import java.util.Objects;

/** The input of a dataset item: a plain string, or a chat message list (what a trace captured). */
public sealed interface DatasetInput {

  /** The input as chat messages: a string becomes one user message. */
  List<Message> messages();

  /** The input as text: the string itself, or the text of the last user message of a chat. */
  String text();

  /** A string input. */
  record Text(String value) implements DatasetInput {
    public Text {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public List<Message> messages() {
      return List.of(Message.user(value));
    }

    @Override
    public String text() {
      return value;
    }
  }

  /** A chat input: the messages as a request would send them. */
  record Chat(List<Message> value) implements DatasetInput {
    public Chat {
      value = List.copyOf(value);
    }

    @Override
    public List<Message> messages() {
      return value;
    }

    @Override
    public String text() {
      for (int i = value.size() - 1; i >= 0; i--) {
        if ("user".equals(value.get(i).role())) return value.get(i).text();
      }
      return value.isEmpty() ? "" : value.getLast().text();
    }
  }
}
