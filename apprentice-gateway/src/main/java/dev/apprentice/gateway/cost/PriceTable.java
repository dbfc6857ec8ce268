package dev.apprentice.gateway.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Model prices by upstream model name, with the date they were known to be right. {@link #builtIn()} reads the
 * table shipped in {@code apprentice-prices.yaml}.
 */
public final class PriceTable {

  static final String RESOURCE = "apprentice-prices.yaml";
  private static final Pattern DATE_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8}|latest)$");

  private final LocalDate asOf;
  private final String source;
  private final Map<String, Price> models;

  /** A table of these prices; model names are matched case-insensitively. */
  public PriceTable(LocalDate asOf, String source, Map<String, Price> models) {
    this.asOf = asOf;
    this.source = source;
    Map<String, Price> lower = new LinkedHashMap<>();
    models.forEach((name, price) -> lower.put(name.toLowerCase(Locale.ROOT), price));
    this.models = Map.copyOf(lower);
  }

  /** The table shipped with Apprentice (read once). */
  public static PriceTable builtIn() {
    return BuiltIn.TABLE;
  }

  /** Reads a table in the format of {@code apprentice-prices.yaml}; a model priced twice is refused. */
  public static PriceTable read(InputStream yaml) throws IOException {
    JsonNode root = new ObjectMapper(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
        .readTree(yaml);
    Map<String, Price> models = new LinkedHashMap<>();
    root.path("models").properties().forEach(e -> models.put(e.getKey(), price(e.getKey(), e.getValue())));
    return new PriceTable(LocalDate.parse(root.path("as_of").asText()), root.path("source").asText(""), models);
  }

  private static Price price(String model, JsonNode p) {
    if (!p.path("input_per_mtok").isNumber() || !p.path("output_per_mtok").isNumber()) {
      throw new IllegalArgumentException("price of " + model + " needs input_per_mtok and output_per_mtok");
    }
    return Price.of(p.get("input_per_mtok").asDouble(), p.get("output_per_mtok").asDouble(),
        optional(p, "cached_input_per_mtok"), optional(p, "cache_write_per_mtok"), optional(p, "reasoning_per_mtok"));
  }

  private static Double optional(JsonNode p, String field) {
    return p.path(field).isNumber() ? p.get(field).asDouble() : null;
  }

  /**
   * The price of an upstream model, or null: the exact name (any case), then the name without a {@code provider/}
   * prefix, then also without a date suffix ({@code -2024-08-06}, {@code -20250929}, {@code -latest}).
   */
  public Price find(String modelId) {
    if (modelId == null) return null;
    String name = modelId.strip().toLowerCase(Locale.ROOT);
    Price exact = models.get(name);
    if (exact != null) return exact;
    String bare = name.substring(name.lastIndexOf('/') + 1);
    Price unprefixed = models.get(bare);
    if (unprefixed != null) return unprefixed;
    return models.get(DATE_SUFFIX.matcher(bare).replaceFirst(""));
  }

  /** The date the prices were known to be right. */
  public LocalDate asOf() {
    return asOf;
  }

  /** Where the prices come from. */
  public String source() {
    return source;
  }

  public Map<String, Price> models() {
    return models;
  }

  private static final class BuiltIn {
    static final PriceTable TABLE = load();

    private static PriceTable load() {
      try (InputStream in = PriceTable.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the classpath");
        return read(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }
  }
}
