package dev.apprentice.gateway.config;

import com.fasterxml.jackson.databind.node.BooleanNode;

/**
 * A YAML 1.1 boolean written as a word other than {@code true} or {@code false} ({@code yes}, {@code on},
 * {@code no}, {@code off}, in any case): read as the boolean, and the word kept, so that a message can say what the
 * file says ("unknown guard action 'yes'", not 'true').
 */
final class YamlBoolean extends BooleanNode {

  private static final long serialVersionUID = 1L;

  private final String written;

  YamlBoolean(boolean value, String written) {
    super(value);
    this.written = written;
  }

  /** The word as the file spells it. */
  String written() {
    return written;
  }
}
