package dev.apprentice.cli.admin;

/**
 * Why an admin command stops, as the one line it prints, with its exit status: 2 for a bad request (an option, a
 * value, a config, the name or id of something that does not exist), 1 for anything that failed while carrying out a
 * valid one.
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

  /**
   * The request names something that does not exist (a prompt, a dataset, a key, a trace, a collection): exit 2, as a
   * typo is bad usage, so that a script tells it from a request that failed.
   */
  public static AdminFailure notFound(String message) {
    return usage(message);
  }

  /**
   * A gateway refusal as the CLI's: a bad request (400) or something the request named that does not exist (404)
   * exits 2, anything else 1.
   */
  public static AdminFailure of(dev.apprentice.api.GatewayException e) {
    return ofStatus(e.code().status(), e.getMessage());
  }

  /** A refusal by its HTTP status, from the gateway in this process or a server over {@code --url}: as {@link #of}. */
  public static AdminFailure ofStatus(int status, String message) {
    return status == 400 || status == 404 ? usage(message) : failed(message);
  }

  /** A valid request failed: exit 1. */
  public static AdminFailure failed(String message) {
    return new AdminFailure(FAILED, message, null);
  }

  public static AdminFailure failed(String message, Throwable cause) {
    return new AdminFailure(FAILED, message, cause);
  }

  /** This failure with {@code more} after its message, exiting as it does. */
  public AdminFailure extended(String more) {
    return new AdminFailure(exitCode, getMessage() + more, getCause());
  }

  public int exitCode() {
    return exitCode;
  }
}
