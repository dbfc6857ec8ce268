package dev.apprentice.local.embedding;

import dev.apprentice.api.files.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * Keeps the native code of the embedding model inside one directory: DJL's tokenizer library is extracted there (its
 * {@code ENGINE_CACHE_DIR}, instead of {@code ~/.djl.ai}), with DJL offline (no downloads, no usage ping); JNA, which
 * DJL loads to look for CUDA, unpacks its stub there ({@code jna.tmpdir}, instead of {@code ~/.cache/JNA}); and ONNX
 * Runtime loads its libraries from there ({@code onnxruntime.native.path}, instead of a copy in the temporary
 * directory). Settings made by the user (system properties or DJL's environment variables) are kept. Only the first
 * library load of a JVM reads these settings; one this class made for an earlier directory whose files are gone (a
 * server of the same JVM that closed before its model loaded, and whose data directory was removed) is made again for
 * the new one, so that the load does not look for the libraries where they were. The directory and its folders are
 * created owner-only on POSIX ({@link PrivateFiles}): a library others could write there would run inside the server.
 */
public final class NativeLibraries {

  private static final String ORT_PATH = "onnxruntime.native.path";
  private static final String[] ORT_LIBRARIES = {"onnxruntime", "onnxruntime4j_jni"};
  /** The settings this class made, by key: another value is the user's. */
  private static final java.util.Map<String, String> MADE = new java.util.HashMap<>();

  private NativeLibraries() {}

  /** Directs both native libraries to {@code directory}, creating it and extracting ONNX Runtime's files there. */
  public static synchronized void useDirectory(Path directory) {
    try {
      PrivateFiles.createDirectories(directory);
      setIfAbsent("ENGINE_CACHE_DIR", directory.resolve("djl").toAbsolutePath().toString());
      setIfAbsent("ai.djl.offline", "true");
      setIfAbsent("OPT_OUT_TRACKING", "true");
      Path jna = PrivateFiles.createDirectories(directory.resolve("jna")).toAbsolutePath();
      setIfAbsent("jna.tmpdir", jna.toString());
      String ortNow = System.getProperty(ORT_PATH);
      if (ortNow == null || madeHere(ORT_PATH, ortNow)
          && !Files.isRegularFile(Path.of(ortNow, System.mapLibraryName(ORT_LIBRARIES[0])))) {
        Path ort = directory.resolve("onnxruntime").toAbsolutePath();
        if (extractOnnxRuntime(ort)) make(ORT_PATH, ort.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the native directory " + directory, e);
    }
  }

  /** Sets {@code key} unless the user did; a folder this class set before is replaced only once it is gone. */
  private static void setIfAbsent(String key, String value) {
    String now = System.getProperty(key);
    if (now == null ? System.getenv(key) == null : madeHere(key, now) && !Files.isDirectory(Path.of(now))) {
      make(key, value);
    }
  }

  private static boolean madeHere(String key, String value) {
    return value.equals(MADE.get(key));
  }

  private static void make(String key, String value) {
    System.setProperty(key, value);
    MADE.put(key, value);
  }

  /** Copies ONNX Runtime's libraries for this platform out of its jar; false when the jar has none for it. */
  private static boolean extractOnnxRuntime(Path target) throws IOException {
    String folder = "ai/onnxruntime/native/" + platform() + "/";
    for (String library : ORT_LIBRARIES) {
      String file = System.mapLibraryName(library);
      try (InputStream in = NativeLibraries.class.getClassLoader().getResourceAsStream(folder + file)) {
        if (in == null) return false;
        write(target, file, in.readAllBytes());
      }
    }
    return true;
  }

  /** Writes the file unless an identical one is there; a new one is moved in whole, never seen half-written. */
  private static void write(Path dir, String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    if (Files.isRegularFile(file) && Files.size(file) == bytes.length
        && Arrays.equals(Files.readAllBytes(file), bytes)) {
      return;
    }
    PrivateFiles.createDirectories(dir);
    Path partial = Files.createTempFile(dir, name, ".partial");
    try {
      Files.write(partial, bytes);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /** ONNX Runtime's name for this platform, such as {@code linux-x64} or {@code osx-aarch64}. */
  private static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String osPart = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win" : "linux";
    String archPart = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch;
    return osPart + "-" + archPart;
  }
}
