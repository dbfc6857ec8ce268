package dev.apprentice.cli.bench;

/**
 * Memory of one process under test.
 *
 * @param name        the name given with {@code --pid}
 * @param pid         the process id
 * @param peakRssKib  the largest resident set size sampled during the benchmark, in KiB (0 if never read)
 * @param hwmKib      the process's own peak resident size since it started ({@code VmHWM}), in KiB (0 if never read)
 */
public record MemoryPeak(String name, long pid, long peakRssKib, long hwmKib) {

    public boolean sampled() {
        return peakRssKib > 0;
    }
}
