package dev.apprentice.local.embedding;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import dev.apprentice.api.ClosedException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A reference of this process's own on ONNX Runtime's native environment, so that nothing frees it before the process
 * has ended. ONNX Runtime's Java API (1.20) frees its environment in a JVM shutdown hook of its own, which runs beside
 * every other hook, at once: a model still loading then (a session created on the freed environment) or a run that
 * reaches the environment's logger crashes the JVM (SIGSEGV), and the other hooks' work — the last traces written —
 * is lost with it. The native environment is counted (each {@code CreateEnv} adds a reference, each
 * {@code ReleaseEnv} drops one, and the last frees it), so one more reference, never dropped, leaves that hook only
 * dropping its own; the process's end takes the memory back.
 *
 * <p>The Java API offers no way to take a reference, nor to order or remove its hook, so the reference is taken
 * through its private {@code createHandle} (what {@link OrtEnvironment#getEnvironment()} calls once per process):
 * reflection kept to this class, and checked against the ONNX Runtime this build ships by its tests. Should a later
 * version lack it, the models still load and run, without this protection (a warning says so once).
 */
final class EnvironmentReference {

  /** Null until taken, or found impossible to take; guarded by the class. */
  private static Boolean held;

  private EnvironmentReference() {}

  /**
   * Takes the reference on {@code environment}, once per process; true once it is held, false when this ONNX Runtime
   * offers no way to take it (warned once).
   *
   * @throws ClosedException when {@code environment} was freed already: the process is ending, and nothing
   *                               may be built on it any more
   */
  static synchronized boolean hold(OrtEnvironment environment) {
    if (held != null) return held;
    Field api;
    Method create;
    Field handle;
    try {
      api = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("ortApiHandle");
      create = OrtEnvironment.class.getDeclaredMethod("createHandle", long.class, int.class, String.class);
      handle = OrtEnvironment.class.getDeclaredField("nativeHandle");
      api.setAccessible(true);
      create.setAccessible(true);
      handle.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      held = false; // warned once: another try would fail the same way
      System.getLogger(EnvironmentReference.class.getName()).log(System.Logger.Level.WARNING, "cannot hold ONNX "
          + "Runtime's environment (" + e + "): a model loading or running while the process ends may crash it");
      return false;
    }
    long taken;
    try {
      taken = (long) create.invoke(null, api.getLong(null), OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING.getValue(),
          OrtEnvironment.DEFAULT_NAME);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot hold ONNX Runtime's environment: " + e.getCause().getMessage(), e);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("unreachable: made accessible above", e);
    }
    if (taken != read(handle, environment)) {
      // its shutdown hook freed it already, and this made a new one: the one every session is built on is gone
      throw new ClosedException("the process is ending: ONNX Runtime has freed its environment");
    }
    held = true;
    return true;
  }

  private static long read(Field handle, OrtEnvironment environment) {
    try {
      return handle.getLong(environment);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("unreachable: made accessible above", e);
    }
  }
}
