package dev.apprentice.server.guard;

import dev.apprentice.api.Embedder;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.cache.PrivateValues;
import dev.apprentice.gateway.rag.RetrievedContentCheck;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.GuardAction;
import dev.apprentice.gateway.config.GuardSettings;
import dev.apprentice.gateway.config.ModelSettings;
import dev.apprentice.guard.CleanTextMemory;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.output.JsonSchemaCheck;
import dev.apprentice.guard.pii.PiiScanner;
import dev.apprentice.guard.pii.PiiSettings;
import dev.apprentice.guard.policy.Action;
import dev.apprentice.guard.policy.GuardPolicy;
import dev.apprentice.guard.policy.InputGuard;
import dev.apprentice.guard.policy.OutputGuard;
import dev.apprentice.guard.secrets.SecretScanner;
import dev.apprentice.server.StartupTasks;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds each model's guardrails from its {@code guard:} block and adds the guard step to the gateway (after the
 * limits, before the cache) when at least one model uses one. Models with every scanner off pay nothing.
 */
public final class GuardSteps {

  private final Map<String, Function<GuardSettings, Scanner>> scanners;
  private final InjectionScanners injection;

  private GuardSteps(InjectionScanners injection) {
    this.injection = injection;
    this.scanners = Map.of(
        "pii", s -> new CleanTextMemory(pii(s)),
        "secrets", s -> new CleanTextMemory(new SecretScanner(s.secretsThreshold())),
        "injection", injection::scanner);
  }

  /**
   * Adds the guard step to {@code gateway} when some model's guard block is not all off, and starts loading the
   * injection detectors it uses in the background.
   *
   * @param embedder the embedder of the injection detector (loaded only when a model turns injection on)
   * @param startup  where the detectors' background loads are started
   * @return each model's input scanners as they apply to the documents the RAG step retrieves and to the inputs of
   *         {@code /v1/embeddings}, and the private values that keep a call from a semantic cache tier
   */
  public static Installed install(ApprenticeConfig config, Gateway.Builder gateway,
      Supplier<Embedder> embedder, Clock clock, StartupTasks startup) {
    GuardSteps steps = of(Path.of(config.dataDir()), embedder, clock);
    Map<String, GuardStep.Guard> guards = steps.guards(config);
    ScannersOfCalls scanners = new ScannersOfCalls();
    if (!guards.isEmpty()) gateway.interceptor(new GuardStep(guards::get, scanners));
    steps.injection.warmUp(startup);
    PrivateValues privacy = steps.privacy(config, guards, scanners);
    if (guards.isEmpty()) return new Installed(RetrievedContentCheck.NONE, EmbeddingInputGuard.NONE, privacy);
    return new Installed(new RetrievedContentGuard(guards::get, scanners), new EmbeddingInputGuard(guards::get),
        privacy);
  }

  /** The guards' checks outside the chat pipeline's own step, and the response cache's reading of private values. */
  public record Installed(RetrievedContentCheck retrieved, EmbeddingInputGuard embeddings,
      PrivateValues privateValues) {}

  /**
   * The injection detectors that would stop the server at start, found without loading any model: for each model
   * (by alias) whose input injection scanner is on and names a detector not kept in the data directory, why, with
   * the command that trains it. Empty when every detector is there.
   */
  public static Map<String, String> missingDetectors(ApprenticeConfig config) {
    InjectionScanners injection = new InjectionScanners(Path.of(config.dataDir()), () -> {
      throw new IllegalStateException("looking for detectors embeds nothing");
    }, Clock.systemUTC());
    Map<String, String> missing = new LinkedHashMap<>();
    for (ModelSettings model : config.models().values()) {
      if (model.guard().input("injection") == GuardAction.OFF) continue;
      String why = injection.missing(model.guard().injectionDetector());
      if (why != null) missing.put(model.name(), why);
    }
    return missing;
  }

  /** Guard steps whose injection detectors live under {@code dataDir} and read {@code embedder}'s vectors. */
  static GuardSteps of(Path dataDir, Supplier<Embedder> embedder, Clock clock) {
    return new GuardSteps(new InjectionScanners(dataDir, embedder, clock));
  }

  /** The guardrails of every model with an active guard block, by model alias. */
  Map<String, GuardStep.Guard> guards(ApprenticeConfig config) {
    JsonSchemaCheck schemas = new JsonSchemaCheck();
    Map<GuardSettings, GuardStep.Guard> shared = new HashMap<>();
    Map<String, GuardStep.Guard> guards = new LinkedHashMap<>();
    for (ModelSettings model : config.models().values()) {
      if (!model.guard().active()) continue;
      guards.put(model.name(), shared.computeIfAbsent(model.guard(), s -> {
        GuardPolicy policy = policy(s);
        return new GuardStep.Guard(policy, new InputGuard(policy),
            new OutputGuard(policy, schemas, s.streamHoldbackChars()));
      }));
    }
    return guards;
  }

  /**
   * The private values of every model whose semantic cache tier leaves them alone ({@code private_values: exact}),
   * read by its guard's PII and secrets scanners when it has them, else by scanners of its {@code guard:} settings
   * made for this.
   */
  PrivateValues privacy(ApprenticeConfig config, Map<String, GuardStep.Guard> guards) {
    return privacy(config, guards, new ScannersOfCalls());
  }

  /** {@link #privacy(ApprenticeConfig, Map)}, reading a request's attached files as the call's guard decoded them. */
  PrivateValues privacy(ApprenticeConfig config, Map<String, GuardStep.Guard> guards, ScannersOfCalls calls) {
    Map<GuardSettings, SemanticPrivacy.Readers> shared = new HashMap<>();
    Map<String, SemanticPrivacy.Readers> byModel = new HashMap<>();
    for (ModelSettings model : config.models().values()) {
      if (!model.cache().guardsPrivateValues()) continue;
      GuardStep.Guard guard = guards.get(model.name());
      Map<String, Scanner> own = guard == null ? Map.of() : guard.policy().scanners();
      byModel.put(model.name(), shared.computeIfAbsent(model.guard(), s -> new SemanticPrivacy.Readers(
          own.containsKey("pii") ? own.get("pii") : scanner("pii", s),
          own.containsKey("secrets") ? own.get("secrets") : scanner("secrets", s), SemanticPrivacy.check(s))));
    }
    return byModel.isEmpty() ? PrivateValues.NONE : new SemanticPrivacy(byModel, calls);
  }

  /** The policy of one {@code guard:} block, with the scanners its actions need. */
  GuardPolicy policy(GuardSettings settings) {
    Map<String, Action> input = new LinkedHashMap<>();
    Map<String, Scanner> scanners = new HashMap<>();
    settings.input().forEach((name, action) -> {
      input.put(name, action(action));
      if (action != GuardAction.OFF) scanners.put(name, scanner(name, settings));
    });
    Map<String, Action> output = new LinkedHashMap<>();
    for (String name : GuardPolicy.VALUE_SCANNERS) {
      output.put(name, action(settings.output(name)));
      if (settings.output(name) != GuardAction.OFF) scanners.computeIfAbsent(name, n -> scanner(n, settings));
    }
    return new GuardPolicy(input, output, action(settings.output("json_schema")), settings.jsonSchemaRetry(),
        settings.blockUnreadable(), scanners);
  }

  private Scanner scanner(String name, GuardSettings settings) {
    Function<GuardSettings, Scanner> factory = scanners.get(name);
    if (factory == null) throw new IllegalStateException("no scanner named '" + name + "' in this build");
    return factory.apply(settings);
  }

  private static Scanner pii(GuardSettings s) {
    return new PiiScanner(PiiSettings.defaults().withEntities(Set.copyOf(s.piiEntities()))
        .withPhoneRegions(List.copyOf(s.phoneRegions())).withThreshold(s.piiThreshold()));
  }

  private static Action action(GuardAction action) {
    return Action.valueOf(action.name());
  }
}
