package dev.apprentice.cli.metrics;

/**
 * Why {@code apprentice metrics} stops, as one line, with its exit status: 2 for a bad request or bad input (the
 * metric name, a {@code --set}, an input file that cannot be opened, a bad row, text that is not UTF-8), as every
 * command says a bad input file; 1 when reading or writing fails (an output that cannot be written).
 */
final class MetricsFailure extends RuntimeException {

  static final int USAGE = 2;
  static final int FAILED = 1;

  private final int exitCode;

  private MetricsFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  static MetricsFailure usage(String message) {
    return new MetricsFailure(USAGE, message);
  }

  static MetricsFailure failed(String message) {
    return new MetricsFailure(FAILED, message);
  }

  int exitCode() {
    return exitCode;
  }
}
