package dev.apprentice.gateway.config;

import java.util.Objects;

/** One upstream a model alias routes to: a configured provider and that provider's model name. */
public record TargetSettings(String provider, String model, double weight) {

  public TargetSettings {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
  }
}
