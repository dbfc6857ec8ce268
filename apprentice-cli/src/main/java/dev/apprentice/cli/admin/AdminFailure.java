package dev.apprentice.cli.admin;

/**
 * Why an admin command stops, as the one line it prints, with its exit status: 2 for a bad request (an option, a
 * value, a config), 1 for anything that failed while carrying out a valid one.
 */
public final class AdminFailure extends RuntimeException {

  public static final int USAGE = 2;
  public static final int FAILED = 1;

  private final int exitCode;

  private AdminFailure(int exitCode, String message, Throwable cause) {
    super(message, cause, false, false);
    this.exitCode = exitCode;
  }

  /** The request itself is wrong: exit 2. */
  public static AdminFailure usage(String message) {
    return new AdminFailure(USAGE, message, null);
  }

  /** A valid request failed: exit 1. */
  public static AdminFailure failed(String message) {
    return new AdminFailure(FAILED, message, null);
  }

  public static AdminFailure failed(String message, Throwable cause) {
    return new AdminFailure(FAILED, message, cause);
  }

  public int exitCode() {
    return exitCode;
  }
}
