package dev.apprentice.server.guard;

import dev.apprentice.gateway.Call;
import dev.apprentice.guard.chat.AttachedFiles;
import dev.apprentice.guard.policy.CallScanners;
import dev.apprentice.guard.policy.GuardPolicy;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The input scanners of each guarded call ({@link CallScanners}), so that the guard step and the check of the
 * documents the call's RAG step retrieves read through the same ones: one injection budget per call, and one decoding
 * of each file the call attaches (which the semantic cache's read of the request shares too). A call's are kept
 * while the call is reachable, and forgotten with it.
 */
final class ScannersOfCalls {

  private final Map<Call, CallScanners> byCall = Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * The call's scanners, made from {@code policy} by whichever pass reads the call first; they wait on in-process work
   * (the injection detector's embeddings) until the call's deadline at most, or until its client leaves.
   */
  CallScanners of(Call call, GuardPolicy policy) {
    return byCall.computeIfAbsent(call, c -> policy.forCall(c.deadline()));
  }

  /**
   * The text files {@code call} attaches, as its guard decoded them ({@link CallScanners#files}); files decoded anew
   * when no guard read the call.
   */
  AttachedFiles files(Call call) {
    CallScanners scanners = byCall.get(call);
    return scanners == null ? new AttachedFiles() : scanners.files();
  }
}
