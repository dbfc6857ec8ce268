package dev.apprentice.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A provider's base URL read as the OpenTelemetry conventions' server address and port. */
class ServerAddressTest {

  @Test
  void theHostAndPortOfABaseUrlAreItsAddress() {
    assertThat(ServerAddress.of("http://127.0.0.1:8000/v1")).isEqualTo(new ServerAddress("127.0.0.1", 8000));
  }

  @Test
  void aBaseUrlWithoutAPortHasThePortItsSchemeImplies() {
    assertThat(ServerAddress.of("https://api.openai.com/v1")).isEqualTo(new ServerAddress("api.openai.com", 443));
    assertThat(ServerAddress.of("http://vllm.internal/v1")).isEqualTo(new ServerAddress("vllm.internal", 80));
  }

  @Test
  void anIpv6AddressIsGivenWithoutTheBracketsAUrlWritesItIn() {
    assertThat(ServerAddress.of("http://[::1]:8000/v1")).isEqualTo(new ServerAddress("::1", 8000));
    assertThat(ServerAddress.of("https://[2001:db8::7]/v1")).isEqualTo(new ServerAddress("2001:db8::7", 443));
  }

  @Test
  void aUserAndPasswordInTheBaseUrlAreNeverPartOfTheAddress() {
    ServerAddress address = ServerAddress.of("https://bob:s3cret@proxy.example.com:8443/openai/v1");

    assertThat(address).isEqualTo(new ServerAddress("proxy.example.com", 8443));
    assertThat(address.toString()).doesNotContain("s3cret", "bob");
  }

  @Test
  void aProviderWithoutABaseUrlOrWithOneNamingNoHostHasNoAddress() {
    assertThat(ServerAddress.of(null)).isNull();
    assertThat(ServerAddress.of("")).isNull();
    assertThat(ServerAddress.of("not a url")).isNull();
  }
}
