package dev.apprentice.server.telemetry;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.apprentice.api.access.HiddenCharacters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Writes each log record as one JSON object on one line: {@code ts}, {@code level}, {@code logger}, {@code thread},
 * {@code message}, then, when the record's only parameter is a {@code Map}, its entries as top-level fields
 * (structured logging; they never replace the fixed fields), and {@code error}/{@code stack} for a throwable. Besides
 * what JSON escapes, every control and format character is written {@code \}{@code uXXXX} ({@link LogEscapes}), so
 * that what a caller or an upstream sent cannot break the line or reach the terminal of an operator who tails it.
 */
public final class JsonLogFormatter extends Formatter {

  private static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
          .characterEscapes(new LogEscapes()).build())
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .build();

  @Override
  public String format(LogRecord record) {
    try {
      return MAPPER.writeValueAsString(fields(record, false)) + "\n";
    } catch (Exception e) {
      return lastResort(record);
    }
  }

  private Map<String, Object> fields(LogRecord record, boolean valuesAsText) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("ts", DateTimeFormatter.ISO_INSTANT.format(record.getInstant()));
    fields.put("level", record.getLevel().getName());
    fields.put("logger", record.getLoggerName());
    fields.put("thread", threadName(record));
    fields.put("message", formatMessage(record));
    Object[] parameters = record.getParameters();
    if (parameters != null && parameters.length == 1 && parameters[0] instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        Object value = valuesAsText && entry.getValue() != null ? String.valueOf(entry.getValue()) : entry.getValue();
        fields.putIfAbsent(key, value);
      }
    }
    Throwable thrown = record.getThrown();
    if (thrown != null) {
      fields.put("error", thrown.getClass().getName() + ": " + thrown.getMessage());
      StringWriter stack = new StringWriter();
      thrown.printStackTrace(new PrintWriter(stack));
      fields.put("stack", stack.toString());
    }
    return fields;
  }

  /** A handler formats on the logging thread, so its name is known; a record from another thread keeps its id. */
  private static String threadName(LogRecord record) {
    Thread current = Thread.currentThread();
    if (current.threadId() == record.getLongThreadID() && !current.getName().isEmpty()) return current.getName();
    return "#" + record.getLongThreadID();
  }

  /** When a field's value cannot be written as JSON: values as text, then only the message. */
  private String lastResort(LogRecord record) {
    try {
      return MAPPER.writeValueAsString(fields(record, true)) + "\n";
    } catch (Exception e) {
      JsonStringEncoder encoder = JsonStringEncoder.getInstance();
      String level = record.getLevel() == null ? "" : record.getLevel().getName();
      String message = HiddenCharacters.escaped(String.valueOf(record.getMessage()));
      return "{\"level\":\"" + new String(encoder.quoteAsString(level)) + "\",\"message\":\""
          + new String(encoder.quoteAsString(message)) + "\"}\n";
    }
  }
}
