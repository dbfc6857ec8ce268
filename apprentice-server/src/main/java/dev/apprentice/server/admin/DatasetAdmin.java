package dev.apprentice.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.dataset.DatasetRef;
import dev.apprentice.api.dataset.DatasetVersion;
import dev.apprentice.server.dataset.CountedItems;
import dev.apprentice.server.dataset.ImportOptions;
import dev.apprentice.server.dataset.RowReaders;
import dev.apprentice.server.dataset.TraceItems;
import dev.apprentice.store.DatasetStore;
import dev.apprentice.store.TraceQuery;
import dev.apprentice.store.TraceStore;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the dataset routes do, shared by the admin API and the CLI on a data directory: import a file, build a
 * version from traces, list, show and export, with the API's checks (400 naming the field or the file's line, 404
 * for what does not exist) and {@link DatasetViews}' shapes.
 */
public final class DatasetAdmin {

  /** Items a show returns when it is not told how many. */
  public static final int DEFAULT_ITEMS = 20;

  private final DatasetStore datasets;
  private final TraceStore traces;
  private final Clock clock;

  public DatasetAdmin(DatasetStore datasets, TraceStore traces, Clock clock) {
    this.datasets = datasets;
    this.traces = traces;
    this.clock = clock;
  }

  /**
   * {@code POST /admin/datasets/{name}/import}: the new version, made from every row of {@code body} or none, with
   * {@code created}; an append of no row makes none and answers the latest version, {@code created: false}.
   */
  public Map<String, Object> importRows(String name, InputStream body, ImportOptions options) {
    checkName(name);
    CountedItems rows = new CountedItems(RowReaders.of(body, options));
    return view(create(name, options.source(), options.append(), rows), rows);
  }

  /**
   * {@code POST /admin/datasets/{name}/from-traces}: the new version, how many traces were skipped, and the tags whose
   * calls were left out; an append that adds no call makes none and answers the latest version, {@code created: false}.
   */
  public Map<String, Object> fromTraces(String name, JsonNode body) {
    checkName(name);
    FromTracesFilters filters = FromTracesFilters.read(body, clock);
    TraceQuery query = filters.query();
    TraceItems items = new TraceItems(traces, query, datasets);
    CountedItems added = new CountedItems(items);
    Made version;
    try {
      version = create(name, filters.source(), filters.append(), added);
    } catch (GatewayException e) {
      // an append that adds nothing answers the version it builds on (create): here no version had anything to start
      if (items.matched() == items.metadataOnly() + items.refused() + items.unreadable()) {
        throw GatewayException.invalid(null, "no trace to learn from: " + items.matched() + " matched the filters, "
            + (items.metadataOnly() + items.refused()) + " of them without a captured request (" + items.metadataOnly()
            + " captured metadata-only, " + items.refused() + " refused before any model was asked), "
            + items.unreadable() + " unreadable"
            + (query.excludeTags().isEmpty() ? "" : "; calls tagged " + String.join(" or ", query.excludeTags())
            + " were left out" + (filters.evalCallsIncluded() ? "" : " (eval: the evaluation's own calls, left out"
            + " unless asked for)")));
      }
      throw e;
    }
    Map<String, Object> view = view(version, added);
    view.put("traces_matched", items.matched());
    view.put("skipped_metadata_only", items.metadataOnly());
    view.put("skipped_refused", items.refused());
    view.put("skipped_unreadable", items.unreadable());
    view.put("skipped_already_in_dataset", items.alreadyIn());
    view.put("items_without_answer", items.withoutAnswer());
    view.put("excluded_tags", query.excludeTags());
    return view;
  }

  /** {@code GET /admin/datasets}. */
  public Map<String, Object> list() {
    return Views.list(datasets.list().stream().map(DatasetViews::summary).toList());
  }

  /** {@code GET /admin/datasets/{name}}: every version. */
  public Map<String, Object> show(String name) {
    List<DatasetVersion> versions = datasets.versions(name);
    if (versions.isEmpty()) throw new GatewayException(ErrorCode.NOT_FOUND, "no dataset named '" + name + "'");
    return DatasetViews.dataset(name, versions);
  }

  /** {@code GET /admin/datasets/{name}/versions/{version}}: the version and a page of its items. */
  public Map<String, Object> version(String name, String version, int offset, int limit) {
    if (limit < 0 || limit > 1000) throw GatewayException.invalid("limit", "limit must be between 0 and 1000");
    if (offset < 0) throw GatewayException.invalid("offset", "offset must be at least 0");
    DatasetVersion found = find(name, version);
    Map<String, Object> view = new LinkedHashMap<>(DatasetViews.version(found));
    view.put("data", datasets.items(name, found.version(), offset, limit).stream().map(DatasetViews::item).toList());
    return view;
  }

  /** Streams every item of a version as an exported row; returns the version. */
  public DatasetVersion export(String name, String version, Consumer<Map<String, Object>> each) {
    DatasetVersion found = find(name, version);
    datasets.forEachItem(name, found.version(), item -> each.accept(DatasetViews.row(item)));
    return found;
  }

  /** A version by number or {@code latest} (also null); 404 when it does not exist. */
  public DatasetVersion find(String name, String version) {
    DatasetRef ref;
    try {
      ref = DatasetRef.parse(version == null || version.isEmpty() ? name : name + "@" + version);
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid(null, e.getMessage());
    }
    return datasets.find(ref).orElseThrow(() -> new GatewayException(ErrorCode.NOT_FOUND, ref.version() == null
        ? "no dataset named '" + name + "'" : "dataset '" + name + "' has no version " + ref.version()
        + datasets.find(name, null).map(d -> " (the latest is " + d.version() + ")").orElse(" (no such dataset)")));
  }

  /** The version a write answers with, and whether the write made it (else nothing was new: the latest, kept). */
  private record Made(DatasetVersion version, boolean created) {}

  private Made create(String name, String source, boolean append, DatasetStore.ItemSource items) {
    try {
      return new Made(datasets.create(name, source, append, clock.instant(), items), true);
    } catch (DatasetStore.NothingNew e) {
      return new Made(e.latest(), false);
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid(null, e.getMessage());
    }
  }

  private static Map<String, Object> view(Made made, CountedItems added) {
    Map<String, Object> view = new LinkedHashMap<>(DatasetViews.version(made.version()));
    view.put("created", made.created());
    view.put("items_added", added.added());
    return view;
  }

  private static void checkName(String name) {
    if (name == null || !DatasetRef.NAME.matcher(name).matches()) {
      throw GatewayException.invalid("name", "a dataset name is 1-64 lower-case letters, digits, '.', '_' or '-'; got '" + name + "'");
    }
  }
}
