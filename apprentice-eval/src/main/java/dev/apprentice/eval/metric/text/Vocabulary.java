package dev.apprentice.eval.metric.text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Numbers the distinct tokens of one case, so that token comparisons and n-gram keys work on ints. */
public final class Vocabulary {

  private final Map<String, Integer> ids = new HashMap<>();

  /** The id of each token, giving new tokens the next free id. */
  public int[] ids(List<String> tokens) {
    int[] out = new int[tokens.size()];
    for (int i = 0; i < out.length; i++) out[i] = id(tokens.get(i));
    return out;
  }

  public int id(String token) {
    Integer id = ids.get(token);
    if (id == null) {
      id = ids.size();
      ids.put(token, id);
    }
    return id;
  }
}
