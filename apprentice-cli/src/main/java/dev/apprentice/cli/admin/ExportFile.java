package dev.apprentice.cli.admin;

import dev.apprentice.cli.OutputFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The file an export's {@code --output} names. The export is written beside it under a temporary name and moved into
 * place once complete, so that an export that fails (a server that cannot be reached, a name that does not exist)
 * leaves a file that was already there as it was, and a half-written one never appears.
 */
final class ExportFile {

  /** What an export writes: the lines, returning how many items they were. */
  @FunctionalInterface
  interface Content {
    long writeTo(Writer out);
  }

  private ExportFile() {}

  /** Writes {@code content} to {@code output}; the count it returned. A place that cannot be written fails (exit 1). */
  static long write(Path output, Content content) {
    if (Files.isDirectory(output)) throw AdminFailure.failed(OutputFiles.cannotWrite(output, new IOException()));
    Path target = output.toAbsolutePath();
    Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
    try {
      long count;
      try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        count = content.writeTo(out);
      }
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      return count;
    } catch (IOException e) {
      throw AdminFailure.failed(OutputFiles.cannotWrite(output, e), e);
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // the failure being reported matters more than a leftover temporary file
      }
    }
  }
}
