package dev.apprentice.store.jdbc;

import dev.apprentice.api.dataset.DatasetInput;
import dev.apprentice.api.dataset.DatasetItem;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/** Maps dataset items to and from their rows: the input as a JSON string or message array, the rest as JSON. */
final class ItemRows {

  static final String COLUMNS = "idx, input, expected, metadata";
  static final String INSERT = "INSERT INTO dataset_items (dataset, version, idx, input, expected, metadata) "
      + "VALUES (?, ?, ?, ?, ?, ?)";

  private ItemRows() {}

  static void bind(PreparedStatement ps, String dataset, int version, int index, DatasetInput input, Object expected,
      Map<String, Object> metadata) throws SQLException {
    ps.setString(1, dataset);
    ps.setInt(2, version);
    ps.setInt(3, index);
    ps.setString(4, switch (input) {
      case DatasetInput.Text text -> Json.write(text.value());
      case DatasetInput.Chat chat -> Json.write(chat.value());
    });
    ps.setString(5, expected == null ? null : Json.write(expected));
    ps.setString(6, Json.write(metadata == null ? Map.of() : metadata));
  }

  static DatasetItem read(ResultSet rs) throws SQLException {
    String input = rs.getString("input");
    DatasetInput parsed = input.startsWith("[")
        ? new DatasetInput.Chat(Json.messages(input))
        : new DatasetInput.Text((String) Json.value(input));
    return new DatasetItem(rs.getInt("idx"), parsed, Json.value(rs.getString("expected")),
        Json.object(rs.getString("metadata")));
  }
}
