package dev.apprentice.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Reads a Linux process's memory and CPU counters from {@code /proc}; every reader is empty when the process is gone. */
final class ProcessProbe {

    /** Kernel clock ticks per second for {@code /proc/PID/stat} times (USER_HZ, 100 on every mainstream Linux). */
    private static final long TICKS_PER_SECOND = 100;

    private final Path proc;

    ProcessProbe(Path proc) {
        this.proc = proc;
    }

    static ProcessProbe system() {
        return new ProcessProbe(Path.of("/proc"));
    }

    /** Resident set size now, in KiB ({@code VmRSS}). */
    OptionalLong residentKib(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** Peak resident set size since the process started, in KiB ({@code VmHWM}). */
    OptionalLong peakResidentKib(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /** User plus system CPU time so far, in nanoseconds (10 ms resolution). */
    OptionalLong cpuNanos(long pid) {
        try {
            String stat = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"));
            // the command name in parentheses may hold spaces: fields are counted after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return OptionalLong.of(ticks * (1_000_000_000L / TICKS_PER_SECOND));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** A {@link CpuClock} for one process. */
    CpuClock cpuClock(long pid) {
        return () -> cpuNanos(pid).orElse(-1);
    }

    private OptionalLong statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith(field)) {
                    return OptionalLong.of(Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]));
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
