package dev.apprentice.cli;

import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ModelSettings;
import dev.apprentice.gateway.config.ProviderSettings;
import dev.apprentice.gateway.config.TargetSettings;
import dev.apprentice.server.ApprenticeServer;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** The startup banner: URL, data directory, models, and how to authenticate. */
final class Banner {

  private Banner() {}

  static String render(ApprenticeServer server, String configSource) {
    ApprenticeConfig config = server.config();
    StringBuilder out = new StringBuilder();
    out.append("Apprentice gateway is serving on ").append(server.baseUrl()).append('\n');
    out.append("  config:    ").append(configSource).append('\n');
    out.append("  data dir:  ").append(Path.of(config.dataDir()).toAbsolutePath().normalize()).append('\n');
    out.append("  models:\n");
    for (ModelSettings model : config.models().values()) {
      out.append("    ").append(model.name()).append("  ->  ")
          .append(model.targets().stream().map(t -> describe(config, t)).collect(Collectors.joining(", ")))
          .append("  (").append(model.strategy().name().toLowerCase().replace('_', '-')).append(")\n");
    }
    if (ServeCommand.usesSimulator(config)) {
      out.append("  note:      the built-in SIMULATOR answers for 'simulator' targets (a deterministic fake LLM)");
      if (servesARealProvider(config)) {
        out.append('\n'); // the real models are listed above: no key or config to ask for
      } else {
        out.append(";\n").append(configSource.equals(ConfigSource.BUILT_IN)
            ? "             set OPENAI_API_KEY or ANTHROPIC_API_KEY, or write apprentice.yaml, for real models\n"
            : "             give models openai or anthropic targets in " + configSource + " for real ones\n");
      }
    }
    if (server.anonymousAllowed()) {
      out.append("  auth:      open on loopback until the first client key exists (apprentice keys create --tenant T);\n")
          .append("             until then an SDK's placeholder api key (sk-anything) is ignored\n");
    } else {
      out.append("  auth:      every call needs a client key (Authorization: Bearer ak-...)\n");
    }
    server.generatedAdminKey().ifPresent(key -> out
        .append("  admin key: ").append(key).append('\n')
        .append("             shown once, stored only as a hash: keep it (or set APPRENTICE_ADMIN_KEY)\n"));
    server.adminKeyWarning().ifPresent(warning -> out.append("  warning:   ").append(warning).append('\n'));
    for (String warning : config.warnings()) out.append("  warning:   ").append(warning).append('\n');
    for (String warning : MissingCollections.warnings(config, server.collections().root())) {
      out.append("  warning:   ").append(warning).append('\n');
    }
    out.append("  try:       curl ").append(server.baseUrl()).append("/chat/completions -H 'content-type: application/json' \\\n");
    if (!server.anonymousAllowed()) out.append("               -H \"authorization: Bearer $KEY\" \\\n");
    out.append("               -d '{\"model\":\"").append(config.models().keySet().iterator().next())
        .append("\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}'\n");
    return out.toString();
  }

  private static boolean servesARealProvider(ApprenticeConfig config) {
    return config.models().values().stream().flatMap(model -> model.targets().stream())
        .map(target -> config.providers().get(target.provider()))
        .anyMatch(provider -> provider != null && !provider.isSimulator());
  }

  private static String describe(ApprenticeConfig config, TargetSettings target) {
    ProviderSettings provider = config.providers().get(target.provider());
    String kind = provider == null ? "" : provider.isSimulator() ? " [simulator]" : " [" + provider.type() + "]";
    return target.provider() + "/" + target.model() + kind;
  }
}
