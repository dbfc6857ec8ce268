package dev.apprentice.guard.policy;

import dev.apprentice.api.Deadline;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.chat.AttachedFiles;
import java.util.ArrayList;
import java.util.List;

/**
 * The input scanners of one call, each {@link Scanner#forCall(Deadline) for the call}, in the policy's order: the
 * request's texts and the documents a RAG step retrieves for it are read through the same ones, so what a scanner
 * bounds per call (the injection detector's characters embedded, {@code max_chars_per_call}) is bounded for the whole
 * call, not for each pass; and the text files the call attaches ({@link #files}) are decoded once for all of them.
 * Not thread-safe: a call's passes run one after the other.
 */
public final class CallScanners {

  private record Acting(Scanner scanner, Action action) {}

  private final List<Acting> scanners = new ArrayList<>();
  private final AttachedFiles files;

  /** @param deadline until when the scanners wait on in-process work ({@link Scanner#forCall(Deadline)}) */
  CallScanners(GuardPolicy policy, Deadline deadline) {
    this(policy, deadline, new AttachedFiles());
  }

  /** @param files the call's attached files, decoded once for every pass */
  CallScanners(GuardPolicy policy, Deadline deadline, AttachedFiles files) {
    this.files = files;
    policy.input().forEach((name, action) -> {
      if (action != Action.OFF) scanners.add(new Acting(policy.scanners().get(name).forCall(deadline), action));
    });
  }

  /** The text files the call attaches, each decoded once for every pass over the call. */
  public AttachedFiles files() {
    return files;
  }

  /** One tally per scanner with an action, for a pass over texts that go {@code direction} ({@code GuardVerdict}). */
  public List<Tally> tallies(String direction) {
    List<Tally> tallies = new ArrayList<>(scanners.size());
    for (Acting acting : scanners) tallies.add(new Tally(direction, acting.scanner(), acting.action()));
    return tallies;
  }
}
