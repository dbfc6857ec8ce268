package dev.apprentice.eval.run;

import dev.apprentice.eval.dataset.EvalItem;
import dev.apprentice.eval.suite.VariantSpec;

/** One item call to make: a variant on an item. */
record Task(VariantSpec variant, EvalItem item) {}
