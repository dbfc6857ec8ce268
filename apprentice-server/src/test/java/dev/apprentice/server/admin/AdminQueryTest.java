package dev.apprentice.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.apprentice.api.GatewayException;
import io.helidon.common.uri.UriQuery;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdminQueryTest {

  private static GatewayException refusal(String query, Set<String> takes) {
    try {
      AdminQuery.check(UriQuery.create(query), takes);
    } catch (GatewayException e) {
      return e;
    }
    throw new AssertionError("expected a refusal of ?" + query);
  }

  @Test
  void aParameterTheRouteDoesNotTakeIsRefusedWithTheClosestOneItDoes() {
    GatewayException refused = refusal("limit=5&groupby=tenant", TraceQueries.COSTS);

    assertThat(refused.param()).isEqualTo("groupby");
    assertThat(refused.getMessage())
        .isEqualTo("unknown query parameter 'groupby' (did you mean 'group_by'? this route takes group_by, since, until)");
  }

  @Test
  void aRouteThatTakesNoParameterSaysSo() {
    assertThat(refusal("verbose", Set.of()).getMessage())
        .isEqualTo("unknown query parameter 'verbose' (this route takes none)");
  }

  @Test
  void aParameterGivenTwiceIsRefusedEvenWithTheSameValue() {
    GatewayException refused = refusal("before=1h&before=1h", TraceQueries.DELETE);

    assertThat(refused.param()).isEqualTo("before");
    assertThat(refused.getMessage()).isEqualTo("query parameter 'before' is given 2 times; give it once");
  }

  @Test
  void theParametersARouteTakesEachOncePass() {
    assertThatCode(() -> AdminQuery.check(UriQuery.create("limit=5&model=a&tenant=t&since=1h"), TraceQueries.LIST))
        .doesNotThrowAnyException();
    assertThatCode(() -> AdminQuery.check(UriQuery.empty(), Set.of())).doesNotThrowAnyException();
  }
}
