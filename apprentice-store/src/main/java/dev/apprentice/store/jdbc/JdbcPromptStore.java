package dev.apprentice.store.jdbc;

import dev.apprentice.api.Message;
import dev.apprentice.api.prompt.PromptVersion;
import dev.apprentice.store.PromptStore;
import dev.apprentice.store.PromptSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Prompt versions and labels over JDBC in portable SQL; a push numbers its version inside the write transaction. */
public final class JdbcPromptStore implements PromptStore {

  private static final String COLUMNS = "name, version, messages, model, parameters, created_at";

  private final Database db;

  public JdbcPromptStore(Database db) {
    this.db = db;
  }

  @Override
  public Pushed push(String name, List<Message> messages, String model, Map<String, Object> parameters,
      List<String> labels, Instant at) {
    String messagesJson = Json.write(messages);
    String parametersJson = Json.write(parameters == null ? Map.of() : parameters);
    return db.write(c -> {
      PromptVersion newest = newest(c, name);
      Pushed pushed;
      if (newest != null && newest.messages().equals(Json.messages(messagesJson)) && Objects.equals(newest.model(), model)
          && newest.parameters().equals(Json.object(parametersJson))) {
        pushed = new Pushed(newest, false);
      } else {
        int version = newest == null ? 1 : newest.version() + 1;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO prompts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, name);
          ps.setInt(2, version);
          ps.setString(3, messagesJson);
          ps.setString(4, model);
          ps.setString(5, parametersJson);
          ps.setLong(6, at.toEpochMilli());
          ps.executeUpdate();
        }
        pushed = new Pushed(new PromptVersion(name, version, Json.messages(messagesJson), model,
            Json.object(parametersJson), Instant.ofEpochMilli(at.toEpochMilli())), true);
      }
      for (String label : labels) setLabel(c, name, label, pushed.version().version(), at);
      return pushed;
    });
  }

  @Override
  public Optional<PromptVersion> version(String name, int version) {
    return db.read(c -> one(c, "SELECT " + COLUMNS + " FROM prompts WHERE name = ? AND version = ?", name, version));
  }

  @Override
  public Optional<PromptVersion> latest(String name) {
    return Optional.ofNullable(db.read(c -> newest(c, name)));
  }

  @Override
  public List<PromptVersion> versions(String name) {
    return db.read(c -> {
      List<PromptVersion> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM prompts WHERE name = ? ORDER BY version")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(read(rs));
        }
      }
      return out;
    });
  }

  @Override
  public Map<String, Integer> labels(String name) {
    return db.read(c -> labels(c, name));
  }

  @Override
  public List<PromptSummary> list() {
    String sql = "SELECT p.name, p.version, p.model, p.created_at FROM prompts p JOIN (SELECT name, MAX(version) AS v "
        + "FROM prompts GROUP BY name) m ON p.name = m.name AND p.version = m.v ORDER BY p.name";
    return db.read(c -> {
      List<PromptSummary> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new PromptSummary(rs.getString(1), rs.getInt(2), rs.getString(3), Map.of(),
              Instant.ofEpochMilli(rs.getLong(4))));
        }
      }
      List<PromptSummary> labelled = new ArrayList<>(out.size());
      for (PromptSummary s : out) {
        labelled.add(new PromptSummary(s.name(), s.latestVersion(), s.model(), labels(c, s.name()), s.updatedAt()));
      }
      return labelled;
    });
  }

  @Override
  public Optional<Integer> label(String name, String label, int version, Instant at) {
    return db.write(c -> {
      if (one(c, "SELECT " + COLUMNS + " FROM prompts WHERE name = ? AND version = ?", name, version).isEmpty()) {
        throw new IllegalArgumentException("prompt '" + name + "' has no version " + version);
      }
      return Optional.ofNullable(setLabel(c, name, label, version, at));
    });
  }

  /** Points the label at the version; returns where it pointed before, or null. */
  private static Integer setLabel(Connection c, String name, String label, int version, Instant at) throws SQLException {
    Integer previous = labels(c, name).get(label);
    String sql = previous == null
        ? "INSERT INTO prompt_labels (version, updated_at, name, label) VALUES (?, ?, ?, ?)"
        : "UPDATE prompt_labels SET version = ?, updated_at = ? WHERE name = ? AND label = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, version);
      ps.setLong(2, at.toEpochMilli());
      ps.setString(3, name);
      ps.setString(4, label);
      ps.executeUpdate();
    }
    return previous;
  }

  private static Map<String, Integer> labels(Connection c, String name) throws SQLException {
    Map<String, Integer> labels = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT label, version FROM prompt_labels WHERE name = ? ORDER BY label")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) labels.put(rs.getString(1), rs.getInt(2));
      }
    }
    return labels;
  }

  private static PromptVersion newest(Connection c, String name) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM prompts WHERE name = ? ORDER BY version DESC LIMIT 1", name, null)
        .orElse(null);
  }

  private static Optional<PromptVersion> one(Connection c, String sql, String name, Integer version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, name);
      if (version != null) ps.setInt(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static PromptVersion read(ResultSet rs) throws SQLException {
    return new PromptVersion(rs.getString("name"), rs.getInt("version"), Json.messages(rs.getString("messages")),
        rs.getString("model"), Json.object(rs.getString("parameters")), Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
