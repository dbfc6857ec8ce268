package dev.apprentice.gateway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.math.BigInteger;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.Mark;

/** YAML text to a Jackson tree; syntax errors become a one-line {@link ConfigException} with line and column. */
final class YamlSource {

  static final YAMLMapper MAPPER = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private YamlSource() {}

  static JsonNode read(String yaml) {
    try (JsonParser parser = MAPPER.createParser(yaml)) {
      JsonNode tree = MAPPER.reader().with(new WordKeepingNodes(parser)).readTree(parser);
      if (tree != null && parser.nextToken() != null) {
        // a second document (after `---`) would be ignored, with whatever it sets and any typo in it
        throw new ConfigException("invalid YAML at line " + parser.currentLocation().getLineNr()
            + ": a config is one YAML document; remove the `---` and merge what follows it into the first");
      }
      return tree == null ? MissingNode.getInstance() : tree;
    } catch (JsonProcessingException e) {
      throw new ConfigException(describe(e, yaml));
    } catch (IOException e) {
      throw new ConfigException("invalid YAML: " + e.getMessage());
    }
  }

  /** Makes a boolean written as yes, on, no or off a {@link YamlBoolean} that remembers the word. */
  private static final class WordKeepingNodes extends JsonNodeFactory {

    private static final long serialVersionUID = 1L;

    private final transient JsonParser parser;

    WordKeepingNodes(JsonParser parser) {
      this.parser = parser;
    }

    @Override
    public BooleanNode booleanNode(boolean value) {
      String written;
      try {
        written = parser.getText();
      } catch (IOException e) {
        return BooleanNode.valueOf(value);
      }
      return written == null || written.equals(String.valueOf(value)) ? BooleanNode.valueOf(value)
          : new YamlBoolean(value, written);
    }

    @Override
    public NumericNode numberNode(int value) {
      String written = written(String.valueOf(value));
      return written == null ? super.numberNode(value) : new WrittenNumber.Int(value, written);
    }

    @Override
    public NumericNode numberNode(long value) {
      String written = written(String.valueOf(value));
      return written == null ? super.numberNode(value) : new WrittenNumber.Wide(value, written);
    }

    @Override
    public ValueNode numberNode(BigInteger value) {
      String written = value == null ? null : written(value.toString());
      return written == null ? super.numberNode(value) : new WrittenNumber.Big(value, written);
    }

    @Override
    public NumericNode numberNode(double value) {
      String written = written(String.valueOf(value));
      return written == null ? super.numberNode(value) : new WrittenNumber.Decimal(value, written);
    }

    /** The scalar as the file spells it when that differs from how its value prints; null when it does not. */
    private String written(String printed) {
      try {
        String written = parser.getText();
        return written == null || written.equals(printed) ? null : written;
      } catch (IOException e) {
        return null;
      }
    }
  }

  private static String describe(JsonProcessingException e, String yaml) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      Mark mark = marked.getProblemMark();
      return "invalid YAML at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": "
          + marked.getProblem() + (placeholderAt(yaml, mark.getLine(), mark.getColumn()) ? UNQUOTED_PLACEHOLDER : "");
    }
    JsonLocation location = e.getLocation();
    String message = firstLine(e.getOriginalMessage()).replace("Duplicate field", "duplicate key");
    if (location == null || location.getLineNr() < 1) {
      return "invalid YAML: " + message;
    }
    return "invalid YAML at line " + location.getLineNr() + ", column " + location.getColumnNr() + ": " + message;
  }

  /** Why a bare {@code ${VAR}} breaks a flow mapping or list: YAML reads its braces as the collection's. */
  private static final String UNQUOTED_PLACEHOLDER =
      "; a ${VAR} inside { } or [ ] must be quoted: \"${VAR}\"";

  /** Whether the parser stopped at the brace of a {@code ${}: the '{' at the mark with a '$' just before it. */
  private static boolean placeholderAt(String yaml, int line, int column) {
    String[] lines = yaml.split("\\R", -1);
    if (line >= lines.length) return false;
    String text = lines[line];
    return column > 0 && column < text.length() && text.charAt(column) == '{' && text.charAt(column - 1) == '$';
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable document";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
