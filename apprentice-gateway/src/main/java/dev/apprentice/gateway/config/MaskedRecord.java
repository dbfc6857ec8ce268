package dev.apprentice.gateway.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

/**
 * The text of a settings record that holds secrets, for logs and assertion messages: what the record's generated
 * {@code toString} writes ({@code Name[a=1, b=2]}, every component in order), except that each component named in the
 * masks is written as its mask shows it (a null stays null). It is read from the record's components, so a component
 * added later is never left out; a mask that names no component fails, so a secret's component cannot be renamed
 * from under its mask.
 */
final class MaskedRecord {

  private MaskedRecord() {}

  static String toString(Record settings, Map<String, UnaryOperator<Object>> masks) {
    RecordComponent[] components = settings.getClass().getRecordComponents();
    StringJoiner text = new StringJoiner(", ", settings.getClass().getSimpleName() + "[", "]");
    Set<String> unused = new HashSet<>(masks.keySet());
    for (RecordComponent component : components) {
      Object value = value(settings, component);
      UnaryOperator<Object> mask = masks.get(component.getName());
      unused.remove(component.getName());
      text.add(component.getName() + "=" + (mask == null || value == null ? value : mask.apply(value)));
    }
    if (!unused.isEmpty()) {
      throw new IllegalStateException(settings.getClass().getSimpleName() + " has no component " + unused
          + " to mask");
    }
    return text.toString();
  }

  private static Object value(Record settings, RecordComponent component) {
    try {
      return component.getAccessor().invoke(settings);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("could not read " + component.getName() + " of "
          + settings.getClass().getSimpleName(), e);
    }
  }
}
