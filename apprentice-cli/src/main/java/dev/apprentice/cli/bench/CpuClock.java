package dev.apprentice.cli.bench;

/** CPU time a process under test has consumed so far, to charge it per request; negative when unknown. */
@FunctionalInterface
public interface CpuClock {

    /** A clock that knows nothing. */
    CpuClock NONE = () -> -1;

    long cpuNanos();
}
