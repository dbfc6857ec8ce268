package dev.apprentice.server;

import java.lang.management.ManagementFactory;

/**
 * How many connections the server holds open at once: {@code server.max_connections}, but never more than half the
 * process's open-file limit. Past the limit Helidon accepts no more (new ones wait in the kernel's queue); at the
 * file limit its listener fails to accept, stops for good, and the port goes dead while the process runs on. Half
 * leaves a descriptor for each connection's upstream call, plus the store, the indexes and the logs.
 */
final class ConnectionLimit {

  private static final System.Logger LOG = System.getLogger(ConnectionLimit.class.getName());

  private ConnectionLimit() {}

  static int of(int configured) {
    int limit = capped(configured, openFileLimit());
    if (limit < configured) {
      LOG.log(System.Logger.Level.INFO, "holding at most " + limit + " connections open, not server.max_connections "
          + configured + ": half this process's open-file limit (raise it with ulimit -n)");
    }
    return limit;
  }

  /** {@code configured}, or half of {@code openFiles} where that is less; {@code openFiles} unknown: 0 or less. */
  static int capped(int configured, long openFiles) {
    if (openFiles <= 0) return configured;
    return (int) Math.max(1, Math.min(configured, openFiles / 2));
  }

  private static long openFileLimit() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
        ? unix.getMaxFileDescriptorCount() : 0;
  }
}
