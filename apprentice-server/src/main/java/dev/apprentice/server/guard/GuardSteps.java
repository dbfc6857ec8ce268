package dev.apprentice.server.guard;

import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.GuardAction;
import dev.apprentice.gateway.config.GuardSettings;
import dev.apprentice.gateway.config.ModelSettings;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.output.JsonSchemaCheck;
import dev.apprentice.guard.pii.PiiScanner;
import dev.apprentice.guard.pii.PiiSettings;
import dev.apprentice.guard.policy.Action;
import dev.apprentice.guard.policy.GuardPolicy;
import dev.apprentice.guard.policy.InputGuard;
import dev.apprentice.guard.policy.OutputGuard;
import dev.apprentice.guard.secrets.SecretScanner;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds each model's guardrails from its {@code guard:} block and adds the guard step to the gateway (after the
 * limits, before the cache) when at least one model uses one. Models with every scanner off pay nothing.
 */
public final class GuardSteps {

  /**
   * The scanners a {@code guard:} block can name, by name. A new detector is one more entry here (and its name out
   * of {@code GuardSettings.NOT_YET_AVAILABLE}).
   */
  private static final Map<String, Function<GuardSettings, Scanner>> SCANNERS = Map.of(
      "pii", GuardSteps::pii,
      "secrets", s -> new SecretScanner(s.secretsThreshold()));

  private GuardSteps() {}

  /** Adds the guard step to {@code gateway} when some model's guard block is not all off. */
  public static void install(ApprenticeConfig config, Gateway.Builder gateway) {
    Map<String, GuardStep.Guard> guards = guards(config);
    if (!guards.isEmpty()) gateway.interceptor(new GuardStep(guards::get));
  }

  /** The guardrails of every model with an active guard block, by model alias. */
  static Map<String, GuardStep.Guard> guards(ApprenticeConfig config) {
    JsonSchemaCheck schemas = new JsonSchemaCheck();
    Map<GuardSettings, GuardStep.Guard> shared = new HashMap<>();
    Map<String, GuardStep.Guard> guards = new LinkedHashMap<>();
    for (ModelSettings model : config.models().values()) {
      if (!model.guard().active()) continue;
      guards.put(model.name(), shared.computeIfAbsent(model.guard(), s -> {
        GuardPolicy policy = policy(s);
        return new GuardStep.Guard(policy, new InputGuard(policy), new OutputGuard(policy, schemas));
      }));
    }
    return guards;
  }

  /** The policy of one {@code guard:} block, with the scanners its actions need. */
  public static GuardPolicy policy(GuardSettings settings) {
    Map<String, Action> input = new LinkedHashMap<>();
    Map<String, Scanner> scanners = new HashMap<>();
    settings.input().forEach((name, action) -> {
      input.put(name, action(action));
      if (action != GuardAction.OFF) scanners.put(name, scanner(name, settings));
    });
    if (settings.output("pii") != GuardAction.OFF) scanners.computeIfAbsent("pii", name -> scanner(name, settings));
    return new GuardPolicy(input, action(settings.output("pii")), action(settings.output("json_schema")),
        settings.jsonSchemaRetry(), scanners);
  }

  private static Scanner scanner(String name, GuardSettings settings) {
    Function<GuardSettings, Scanner> factory = SCANNERS.get(name);
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
