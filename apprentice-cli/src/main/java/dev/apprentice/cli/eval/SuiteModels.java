package dev.apprentice.cli.eval;

import dev.apprentice.api.GatewayException;
import dev.apprentice.api.prompt.PromptRef;
import dev.apprentice.api.prompt.PromptVersion;
import dev.apprentice.cli.BadInput;
import dev.apprentice.eval.suite.MetricSpec;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.VariantSpec;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.server.prompt.PromptCalls;
import dev.apprentice.server.prompt.PromptRegistry;
import dev.apprentice.store.Store;
import java.nio.file.Path;

/**
 * In-process, every model a suite calls must be one the config's gateway can call, or every item (or every judge
 * call) would fail with {@code model_not_found}: a variant's {@code model} and an LLM judge's {@code settings.model}
 * are the config's model aliases, or registered prompts ({@code prompt:NAME@ref}) of the data directory whose version
 * calls one. Anything else is a bad suite, said before the gateway starts and any call is made (exit 2). A server at
 * {@code --url} knows its own models and prompts.
 */
final class SuiteModels implements AutoCloseable {

  private final Path suiteFile;
  private final ApprenticeConfig config;
  private final String configName;
  /** The data directory's store, opened for the first prompt a suite names. */
  private Store store;
  private PromptCalls prompts;

  private SuiteModels(Path suiteFile, ApprenticeConfig config, String configName) {
    this.suiteFile = suiteFile;
    this.config = config;
    this.configName = configName;
  }

  /** Checks every model the suite calls against {@code config} and its data directory's prompts. */
  static void check(Path suiteFile, Suite suite, ApprenticeConfig config, String configName) {
    try (SuiteModels models = new SuiteModels(suiteFile, config, configName)) {
      for (int i = 0; i < suite.variants().size(); i++) {
        VariantSpec variant = suite.variants().get(i);
        PromptVersion version = models.check(variant.model(), "variants[" + i + "].model");
        if (version != null) models.checkVariables(version, variant, "variants[" + i + "].parameters.");
      }
      for (int i = 0; i < suite.metrics().size(); i++) {
        MetricSpec spec = suite.metrics().get(i);
        if ("llm_judge".equals(spec.metric()) && spec.settings().get("model") instanceof String judge) {
          models.check(judge, "metrics[" + i + "].settings.model");
        }
      }
    }
  }

  /** The prompt version {@code model} calls, or null for a model alias of the config. */
  private PromptVersion check(String model, String path) {
    if (!PromptRef.isPromptModel(model)) {
      if (!config.models().containsKey(model)) throw bad(path, "no model '" + model + "' in the config" + where());
      return null;
    }
    PromptVersion version;
    try {
      version = prompts().callable(model);
    } catch (GatewayException e) {
      throw bad(path, e.getMessage());
    }
    if (!config.models().containsKey(version.model())) {
      throw bad(path, "prompt " + version.id() + " calls model '" + version.model() + "', which is not in the config"
          + where());
    }
    return version;
  }

  /**
   * The variant's {@code parameters.variables} are what the gateway takes for the prompt version (an object naming
   * each of its variables and no other, none null), as it would otherwise refuse every item's call; rendered with the
   * variables' templates as their values, as the values are filled per item.
   */
  private void checkVariables(PromptVersion version, VariantSpec variant, String path) {
    try {
      PromptCalls.render(version, variant.parameters().get("variables"));
    } catch (GatewayException e) {
      throw bad(path + e.param(), e.getMessage());
    }
  }

  private PromptCalls prompts() {
    if (prompts != null) return prompts;
    store = Store.open(config.store().url());
    prompts = new PromptCalls(new PromptRegistry(store.prompts()));
    return prompts;
  }

  private String where() {
    return " (" + configName + "; models: " + String.join(", ", config.models().keySet()) + ")";
  }

  private BadInput bad(String path, String problem) {
    return new BadInput(suiteFile + ": " + path + ": " + problem);
  }

  @Override
  public void close() {
    if (store != null) store.close();
  }
}
