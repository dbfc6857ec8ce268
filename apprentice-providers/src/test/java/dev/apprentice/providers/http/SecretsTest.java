package dev.apprentice.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  void theKeyAndEveryConfiguredHeaderValueAreHiddenWhereverAnUpstreamQuotesThem() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("api-key", "azure-0123456789");
    headers.put("anthropic-beta", "output-128k-2025-02-19");
    Secrets secrets = Secrets.sentWith(" sk-live-abcdefgh ", headers);

    assertThat(secrets.hide("bad key sk-live-abcdefgh (api-key azure-0123456789), beta output-128k-2025-02-19"))
        .isEqualTo("bad key **** (api-key ****), beta ****");
  }

  @Test
  void valuesTooShortToBeCredentialsAreLeftInTheTextAndAMissingKeyHidesNothing() {
    Secrets secrets = Secrets.sentWith(null, Map.of("x-version", "2", "x-region", "eu-west"));

    assertThat(secrets.hide("region eu-west, version 2")).isEqualTo("region eu-west, version 2");
    assertThat(secrets.hide(null)).isNull();
  }

  @Test
  void aKeyThatHoldsAnotherConfiguredValueIsHiddenWhole() {
    Secrets secrets = Secrets.sentWith("sk-proj-12345678-abcdefgh", Map.of("x-project", "sk-proj-12345678"));

    assertThat(secrets.hide("refused sk-proj-12345678-abcdefgh")).isEqualTo("refused ****");
  }
}
