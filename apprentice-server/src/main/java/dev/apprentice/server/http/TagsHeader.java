package dev.apprentice.server.http;

import dev.apprentice.api.GatewayException;
import dev.apprentice.gateway.accounting.TraceTags;
import io.helidon.webserver.http.HttpRules;

/**
 * A model call whose {@code x-apprentice-tags} header the trace would not keep (too many tags, one too long, a control
 * or format character: {@link TraceTags}) is a 400 naming the header, ahead of the routes, before its body is read,
 * so that chat and embeddings refuse it alike. Counted and traced as such refusals are ({@link CallRefusals}), the
 * trace keeping none of the refused tags. Other routes do not read the header.
 */
public final class TagsHeader {

  private TagsHeader() {}

  /** Register ahead of the routes. */
  public static void gate(HttpRules rules, CallRefusals refusals) {
    rules.any((req, res) -> {
      if (!CallRefusals.modelCall(req.prologue().method().text(), req.path().path())) {
        res.next();
        return;
      }
      try {
        TraceTags.check(CallHeaders.tags(req.headers()));
      } catch (GatewayException refused) {
        refusals.send(req, res, refused, true);
        return;
      }
      res.next();
    });
  }
}
