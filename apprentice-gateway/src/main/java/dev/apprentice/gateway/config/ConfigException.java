package dev.apprentice.gateway.config;

import java.util.List;

/** The configuration is unusable; {@link #problems()} lists every problem found, each prefixed with its path. */
public class ConfigException extends RuntimeException {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems), null, false, false);
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /** One line per problem, in the order they were found, e.g. {@code server.port: expected an integer ...}. */
  public List<String> problems() {
    return problems;
  }
}
