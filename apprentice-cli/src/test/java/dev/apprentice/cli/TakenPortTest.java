package dev.apprentice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A server whose port is taken says so and exits non-zero, instead of printing its banner and serving nothing. */
@Timeout(60) // a regression would serve nothing and wait forever
class TakenPortTest {

  @TempDir Path dir;

  @Test
  void serveOnATakenPortExitsOneSayingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      CommandRun run = CommandRun.of("serve", "--port", String.valueOf(port), "--data-dir", dir.toString());

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err()).startsWith("apprentice: cannot listen on 127.0.0.1:" + port);
    }
  }

  @Test
  void serveOnAnAddressOfAnotherMachineSaysSoRatherThanBlamingThePort() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }

    // 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only, an address of no machine
    CommandRun run = CommandRun.of("serve", "--host", "192.0.2.1", "--port", String.valueOf(port), "--data-dir",
        dir.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith("apprentice: cannot listen on 192.0.2.1:" + port)
        .contains("192.0.2.1 is not an address of this machine: check server.host or --host")
        .doesNotContain("another process");
  }

  @Test
  void theSimulatorOnATakenPortExitsOneSayingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      CommandRun run = CommandRun.of("simulator", "--port", String.valueOf(port));

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err()).contains("cannot listen on 127.0.0.1:" + port);
    }
  }

  @Test
  void aSimulatorPortModeOrFaultItCannotUseIsBadUsage() {
    for (String[] args : new String[][] {{"--port", "-1"}, {"--port", "70000"}, {"--mode", "shout"},
        {"--fault", "gremlins=0.5"}, {"--fault", "timeout=2"}}) {
      String[] command = new String[args.length + 1];
      command[0] = "simulator";
      System.arraycopy(args, 0, command, 1, args.length);

      CommandRun run = CommandRun.of(command);

      assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err()).startsWith("apprentice: ");
    }
  }
}
