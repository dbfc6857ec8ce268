package dev.apprentice.cli.admin;

import java.util.List;
import picocli.CommandLine.Option;

/** The trace filters shared by {@code traces list} and {@code traces export}. */
public final class TraceFilterOptions {

  @Option(names = "--model", paramLabel = "ALIAS", description = "only calls to this model alias")
  String model;

  @Option(names = "--tenant", paramLabel = "TENANT", description = "only calls of this tenant")
  String tenant;

  @Option(names = "--key", paramLabel = "ID",
      description = "only calls made with this key id (anonymous: those made without a key, as costs --by key names them)")
  String keyId;

  /** The help of {@code --since} and {@code --until}, here and in {@code datasets from-traces}. */
  static final String SINCE = "only calls since: 30m, 1h, 7d, 2026-11-23 or an ISO instant";
  static final String UNTIL = "only calls started before (not at): 30m, 1h, 2026-11-24 or an ISO instant; with --since,"
      + " later than it";

  @Option(names = "--since", paramLabel = "WHEN", description = SINCE)
  String since;

  @Option(names = "--until", paramLabel = "WHEN", description = UNTIL)
  String until;

  @Option(names = "--status", paramLabel = "STATUS", description = "ok, error, or an HTTP status such as 429")
  String status;

  @Option(names = "--prompt", paramLabel = "NAME[@N]", description = "only calls made with this registered prompt")
  String prompt;

  @Option(names = "--tag", paramLabel = "TAG", description = "only calls carrying this tag (x-apprentice-tags)")
  String tag;

  @Option(names = "--exclude-tag", paramLabel = "TAG",
      description = "leave out calls carrying this tag (repeatable; matched whole, as --tag is)")
  List<String> excludeTags;

  @Option(names = "--operation", paramLabel = "OP", description = "only chat calls or only embeddings calls")
  String operation;

  @Option(names = "--api", paramLabel = "API",
      description = "only calls made through this API: chat_completions, responses or embeddings")
  String api;

  TraceFilter filter(Integer limit) {
    return TraceFilter.checked(limit, model, tenant, keyId, since, status, prompt, tag, operation, api)
        .excluding(excludeTags).startedBefore(until);
  }
}
