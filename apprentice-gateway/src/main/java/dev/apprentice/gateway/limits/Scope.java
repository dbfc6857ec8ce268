package dev.apprentice.gateway.limits;

/** Whose limit it is: an API key's own, or its tenant's (shared by all the tenant's keys). */
enum Scope {
  KEY("key"), TENANT("tenant");

  private final String label;

  Scope(String label) {
    this.label = label;
  }

  String describe(String id) {
    return label + " '" + id + "'";
  }
}
