package dev.apprentice.cli.admin;

import dev.apprentice.api.files.Utf8Lines;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files {@code collections add} reads: those under a folder whose names match a glob (or, for a glob with a
 * {@code /}, whose relative paths do), skipping hidden files and folders; or files named one by one. A document's id
 * is its path relative to the folder (or to the working directory), with {@code /} separators.
 */
final class DocumentFiles {

  /** One file to add: its document id and where it is. */
  record DocumentFile(String id, Path path) {}

  private DocumentFiles() {}

  /**
   * Which relative paths of a folder {@code collections add --dir} reads: none with a hidden part, and those whose
   * names (or, for a glob with a {@code /}, whose whole relative paths) the glob matches.
   */
  record Selection(PathMatcher matcher, boolean wholePath) {

    static Selection of(String glob) {
      try {
        return new Selection(FileSystems.getDefault().getPathMatcher("glob:" + glob), glob.contains("/"));
      } catch (IllegalArgumentException e) {
        throw AdminFailure.usage("--glob '" + glob + "' is not a valid glob: " + e.getMessage());
      }
    }

    boolean selects(Path relative) {
      for (Path part : relative) if (part.toString().startsWith(".")) return false;
      return matcher.matches(wholePath ? relative : relative.getFileName());
    }
  }

  static List<DocumentFile> inFolder(Path dir, String glob) {
    if (!Files.isDirectory(dir)) throw AdminFailure.usage("--dir " + dir + " is not a folder");
    Selection selection = Selection.of(glob);
    List<DocumentFile> files = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.filter(Files::isRegularFile).forEach(path -> {
        Path relative = dir.relativize(path);
        if (selection.selects(relative)) files.add(new DocumentFile(id(relative), path));
      });
    } catch (IOException | java.io.UncheckedIOException e) {
      throw AdminFailure.failed("cannot read the folder " + dir + ": " + e.getMessage(), e);
    }
    files.sort(Comparator.comparing(DocumentFile::id));
    return files;
  }

  /**
   * The files named one by one: each id is the file's path relative to {@code dir} when one is given (the id a
   * {@code --dir} add of that folder gave it, so that adding it again replaces it; a file outside it is refused),
   * else relative to the working directory (absolute outside it).
   */
  static List<DocumentFile> named(List<Path> paths, Path dir) {
    if (dir != null && !Files.isDirectory(dir)) throw AdminFailure.usage("--dir " + dir + " is not a folder");
    Path base = (dir == null ? Path.of("") : dir).toAbsolutePath().normalize();
    List<DocumentFile> files = new ArrayList<>();
    for (Path path : paths) {
      if (!Files.isRegularFile(path)) throw AdminFailure.usage("--file " + path + " is not a file");
      Path absolute = path.toAbsolutePath().normalize();
      if (dir != null && !absolute.startsWith(base)) {
        throw AdminFailure.usage("--file " + path + " is not in --dir " + dir + ": its id is its path there");
      }
      files.add(new DocumentFile(absolute.startsWith(base) ? id(base.relativize(absolute)) : absolute.toString(), path));
    }
    return files;
  }

  /** The files' sizes in bytes, added up (0 for one that cannot be read now: reading it says why). */
  static long bytes(List<DocumentFile> files) {
    long total = 0;
    for (DocumentFile file : files) {
      try {
        total += Files.size(file.path());
      } catch (IOException e) {
        // read() reports it
      }
    }
    return total;
  }

  /**
   * Refuses the files, before any is added, when one of them is not UTF-8 text (a policy exported as Windows-1252, a
   * binary file named {@code .txt}): skipped, it would be missing from every answer while the command succeeded.
   * The refusal names the first such file's line, and how many more there are; {@code named}: the files were named
   * one by one ({@code --file}), which no {@code --glob} can leave out.
   */
  static void requireUtf8(List<DocumentFile> files, boolean named) {
    List<Path> notUtf8 = new ArrayList<>();
    for (DocumentFile file : files) {
      try {
        if (Utf8Lines.firstBadLine(file.path()) != 0) notUtf8.add(file.path());
      } catch (IOException e) {
        throw AdminFailure.failed("cannot read " + file.path() + ": " + e.getMessage(), e);
      }
    }
    if (!notUtf8.isEmpty()) {
      throw notUtf8(notUtf8.getFirst(), notUtf8.size() - 1, named).extended("; nothing was added");
    }
  }

  /**
   * The refusal of a file that is not UTF-8 text, and of {@code others} more that are not either; {@code named}: named
   * with {@code --file}, left out by not naming it ({@code --glob} beside {@code --file} is refused).
   */
  static AdminFailure notUtf8(Path path, int others, boolean named) {
    return AdminFailure.usage(Utf8Lines.refusal(path) + (others == 0 ? "" : "; so " + (others == 1 ? "is 1 more file"
        : "are " + others + " more files")) + ": convert such files to UTF-8 (iconv -f WINDOWS-1252 -t UTF-8, say)"
        + (named ? " or leave out their --file" : " or leave them out with --glob"));
  }

  /** The file's text, or null when it is not UTF-8 text. */
  static String read(Path path) {
    try {
      byte[] bytes = Files.readAllBytes(path);
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    } catch (IOException e) {
      throw AdminFailure.failed("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  static String id(Path relative) {
    List<String> parts = new ArrayList<>();
    for (Path part : relative) parts.add(part.toString());
    return String.join("/", parts);
  }
}
