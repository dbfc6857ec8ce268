package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.SuiteParser;
import dev.apprentice.gateway.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worked example under examples/banking77-intents stays valid as the suite format and config evolve. */
class EvalExamplesTest {

  private static final Path EXAMPLE = Path.of(System.getProperty("user.dir")).resolve("../examples/banking77-intents");

  @Test
  void theExampleSuitesParseAndTheirModelsAreInTheExampleConfig() throws Exception {
    Suite simulated = SuiteParser.parse(Files.readString(EXAMPLE.resolve("simulated.yaml")));
    Suite real = SuiteParser.parse(Files.readString(EXAMPLE.resolve("suite.yaml")));
    var models = ConfigLoader.load(EXAMPLE.resolve("apprentice.yaml"), Map.of()).models().keySet();

    assertThat(simulated.variants()).allSatisfy(v -> assertThat(models).contains(v.model()));
    assertThat(real.dataset().sample()).isEqualTo(500);
    assertThat(real.variants()).extracting(v -> v.messages().getFirst().content())
        .allSatisfy(system -> assertThat(system).contains("card_arrival").contains("wrong_exchange_rate_for_cash_withdrawal"));
  }
}
