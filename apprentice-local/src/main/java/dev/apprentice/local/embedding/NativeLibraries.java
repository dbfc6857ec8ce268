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
 * library load of a JVM reads these settings. The directory and its folders are created owner-only on POSIX
 * ({@link PrivateFiles}): a library others could write there would run inside the server.
 */
public final class NativeLibraries {

  private static final String ORT_PATH = "onnxruntime.native.path";
  private static final String[] ORT_LIBRARIES = {"onnxruntime", "onnxruntime4j_jni"};

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
      if (System.getProperty(ORT_PATH) == null) {
        Path ort = directory.resolve("onnxruntime").toAbsolutePath();
        if (extractOnnxRuntime(ort)) System.setProperty(ORT_PATH, ort.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the native directory " + directory, e);
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) System.setProperty(key, value);
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
