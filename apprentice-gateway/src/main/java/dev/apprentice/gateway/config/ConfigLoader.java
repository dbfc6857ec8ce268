package dev.apprentice.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads {@code apprentice.yaml}: YAML, then {@code ${ENV}} interpolation, then a validating walk that reports every
 * problem with its path. Also the built-in default config and the masked rendering {@code config check} prints.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /** Reads a config file; a missing file is a {@link ConfigException} "config file not found: PATH". */
  public static ApprenticeConfig load(Path file, Map<String, String> env) {
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file not found: " + file);
    } catch (MalformedInputException e) {
      throw new ConfigException("cannot read config file " + file + ": not UTF-8 text");
    } catch (IOException e) {
      if (!Files.exists(file)) {
        throw new ConfigException("config file not found: " + file);
      }
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    return parse(yaml, env);
  }

  /** Parses config text; throws a {@link ConfigException} listing every problem found. */
  public static ApprenticeConfig parse(String yaml, Map<String, String> env) {
    JsonNode document = YamlSource.read(yaml);
    Problems problems = new Problems();
    new EnvInterpolator(env, problems).interpolate(document, "");
    return ConfigBinder.bind(document, problems);
  }

  /**
   * The built-in config: the simulator ({@code sim-echo}, {@code sim-lorem}), plus OpenAI's and Anthropic's
   * popular models when {@code OPENAI_API_KEY} / {@code ANTHROPIC_API_KEY} are set in {@code env}.
   */
  public static ApprenticeConfig defaults(Map<String, String> env) {
    return parse(DefaultConfig.yaml(env), env);
  }

  /** The resolved config as YAML, every default spelled out and API keys and secret headers masked. */
  public static String render(ApprenticeConfig config) {
    return ConfigRenderer.render(config);
  }
}
