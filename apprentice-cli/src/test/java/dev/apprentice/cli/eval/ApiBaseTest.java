package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.cli.BadInput;
import org.junit.jupiter.api.Test;

/** {@code eval run --url} takes a server's address as the admin commands do, or its API's URL. */
class ApiBaseTest {

  @Test
  void aServerAddressWithoutAPathIsCalledAtItsApiUnderV1() {
    assertThat(ApiBase.of("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080/v1");
    assertThat(ApiBase.of("http://127.0.0.1:8080/")).isEqualTo("http://127.0.0.1:8080/v1");
    assertThat(ApiBase.of(" https://gateway.example ")).isEqualTo("https://gateway.example/v1");
  }

  @Test
  void aUrlWithAPathIsKeptAsGivenWithoutItsTrailingSlash() {
    assertThat(ApiBase.of("http://127.0.0.1:8080/v1")).isEqualTo("http://127.0.0.1:8080/v1");
    assertThat(ApiBase.of("http://127.0.0.1:8080/v1/")).isEqualTo("http://127.0.0.1:8080/v1");
    assertThat(ApiBase.of("https://proxy.example/apprentice/v1")).isEqualTo("https://proxy.example/apprentice/v1");
  }

  @Test
  void somethingThatIsNotAnHttpUrlIsBadInput() {
    for (String bad : new String[] {"127.0.0.1:8080", "ftp://host/v1", "http://", "http://bad host:80"}) {
      assertThatThrownBy(() -> ApiBase.of(bad)).as(bad).isInstanceOf(BadInput.class)
          .hasMessageStartingWith("--url must look like http://host:port");
    }
  }
}
