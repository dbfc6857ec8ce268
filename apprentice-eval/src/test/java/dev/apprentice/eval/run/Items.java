package dev.apprentice.eval.run;

import dev.apprentice.eval.dataset.EvalItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Synthetic classification items: text "question i", label "label-(i mod 3)". */
public final class Items {

  private Items() {}

  public static List<EvalItem> labelled(int n) {
    List<EvalItem> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String label = "label-" + (i % 3);
      items.add(new EvalItem(i, "question " + i, List.of(), label, List.of(),
          Map.of("text", "question " + i, "category", label)));
    }
    return items;
  }
}
