package dev.apprentice.store;

import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.TraceRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds test traces: a successful call unless told otherwise. */
public final class Traces {

  public static final Instant DAY_ONE = Instant.parse("2026-03-01T10:00:00Z");

  private String id;
  private Instant at;
  private String tenant = "default";
  private String keyId;
  private String model = "gpt";
  private int status = 200;
  private String errorCode;
  private Tokens tokens = new Tokens(10, 5, 0, 0, 0);
  private boolean estimated;
  private double cost = 0.01;
  private String request;
  private String response;
  private List<AttemptRecord> attempts = List.of(new AttemptRecord(0, "openai", "gpt-4o", 12.5, "ok", 200, null));
  private String provider = "openai";
  private TraceDetails details = TraceDetails.NONE;
  private List<String> tags = List.of();
  private String cache = "miss";

  private Traces(String id, Instant at) {
    this.id = id;
    this.at = at;
  }

  public static Traces trace(String id, Instant at) {
    return new Traces(id, at);
  }

  /** A trace {@code seconds} after {@link #DAY_ONE}. */
  public static Traces trace(String id, int seconds) {
    return new Traces(id, DAY_ONE.plusSeconds(seconds));
  }

  public Traces tenant(String value) {
    tenant = value;
    return this;
  }

  public Traces key(String value) {
    keyId = value;
    return this;
  }

  public Traces model(String value) {
    model = value;
    return this;
  }

  public Traces status(int value) {
    status = value;
    return this;
  }

  public Traces error(String code) {
    errorCode = code;
    return this;
  }

  public Traces tokens(int input, int output) {
    tokens = new Tokens(input, output, 0, 0, 0);
    return this;
  }

  public Traces estimated() {
    estimated = true;
    return this;
  }

  public Traces cost(double value) {
    cost = value;
    return this;
  }

  public Traces bodies(String req, String resp) {
    request = req;
    response = resp;
    return this;
  }

  public Traces attempts(AttemptRecord... values) {
    attempts = List.of(values);
    return this;
  }

  /** A request refused before any model was asked (no key, a bad body, a limit): no provider, attempts or tokens. */
  public Traces refused(int status, String code) {
    this.status = status;
    this.errorCode = code;
    this.provider = null;
    this.attempts = List.of();
    this.tokens = Tokens.NONE;
    this.cost = 0;
    return this;
  }

  public Traces details(TraceDetails value) {
    this.details = value;
    return this;
  }

  /** The cache tier that answered: {@code exact} or {@code semantic}. */
  public Traces cache(String tier) {
    this.cache = tier;
    return this;
  }

  public Traces tags(List<String> values) {
    this.tags = List.copyOf(values);
    return this;
  }

  public TraceRecord build() {
    return new TraceRecord(id, at, tenant, keyId, model, provider, provider == null ? null : "gpt-4o",
        provider == null ? null : "gpt-4o-2024", null, false, status,
        errorCode, errorCode == null ? null : "failed", tokens, estimated, cost, 120.0, null, 1.5, cache, null,
        tags, Map.of(), request, response, attempts, details);
  }
}
