package dev.apprentice.local.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collection whose index files on disk are damaged (a crash, a bad copy, a disk error) or from another version: every
 * call on it is refused in words that name the collection and say what to do, never with Lucene's messages, which
 * name its Java classes; deleting it still works.
 */
class DamagedIndexTest {

  /** Where the format version of the index's commit file (segments_N) is, after its header's magic and name. */
  private static final int VERSION_AT = 4 + 1 + "segments".length();
  /** A qualified class name, or one like MemorySegmentIndexInput, MMapDirectory, NativeFSLockFactory. */
  private static final String CLASS_NAMES =
      "[a-z]+\\.[a-z]+\\.[A-Z]|[A-Z][a-z]+[A-Z][A-Za-z]*(Input|Directory|Factory|Exception)";

  @TempDir Path dir;
  private final HashingEmbedder embedder = new HashingEmbedder();

  @Test
  void aCollectionWhoseSegmentFileIsOverwrittenIsRefusedAsDamagedWithWhatToDo() throws IOException {
    assertRefusedAsDamaged(index -> rewrite(file(index, "*.cfs"), bytes -> {
      for (int i = 0; i < bytes.length; i += 7) bytes[i] ^= 0x33;
      return bytes;
    }));
  }

  @Test
  void aCollectionWhoseCommitFileIsCutShortIsRefusedAsDamagedWithWhatToDo() throws IOException {
    assertRefusedAsDamaged(index -> rewrite(file(index, "segments_*"),
        bytes -> Arrays.copyOf(bytes, bytes.length / 2)));
  }

  @Test
  void aCollectionWhoseCommitFileIsMissingIsRefusedAsDamagedWithWhatToDo() throws IOException {
    assertRefusedAsDamaged(index -> delete(file(index, "segments_*")));
  }

  @Test
  void aCollectionWhoseSegmentFileIsMissingIsRefusedAsDamagedWithWhatToDo() throws IOException {
    assertRefusedAsDamaged(index -> delete(file(index, "*.cfs")));
  }

  @Test
  void aCollectionInAnIndexFormatTooOldIsRefusedSayingSoAndWhatToDo() throws IOException {
    Collections collections = damaged(index -> rewrite(file(index, "segments_*"), bytes -> version(bytes, 1)));
    try (collections) {
      assertThatThrownBy(() -> collections.describe("kb")).isInstanceOfSatisfying(CollectionException.class,
              e -> assertThat(e.reason()).isEqualTo(CollectionException.Reason.UNAVAILABLE))
          .hasMessageStartingWith("collection 'kb' cannot be read: its index (" + dir.resolve("collections/kb/index"))
          .hasMessageContaining("older than this version of Apprentice reads: delete the collection and create it"
              + " again")
          .message().doesNotContainPattern(CLASS_NAMES);
    }
  }

  @Test
  void aCollectionWrittenByANewerVersionIsRefusedSayingSoAndWhatToDo() throws IOException {
    Collections collections = damaged(index -> rewrite(file(index, "segments_*"), bytes -> version(bytes, 0x7f01)));
    try (collections) {
      assertThatThrownBy(() -> collections.query("kb", "refunds", 3))
          .hasMessageContaining("collection 'kb' cannot be read")
          .hasMessageContaining("written by a newer version of Apprentice: use that version, or delete the collection")
          .message().doesNotContainPattern(CLASS_NAMES);
    }
  }

  @Test
  void aCollectionWhoseIndexNamesACodecNotKnownHereIsRefusedSayingSoAndWhatToDo() throws IOException {
    Collections collections = damaged(index -> rewrite(file(index, "segments_*"), bytes -> {
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      bytes[text.indexOf("Lucene", text.indexOf("_0"))] = 'X'; // the segment's codec, as another program's would be
      return checksummed(bytes);
    }));
    try (collections) {
      assertThatThrownBy(() -> collections.query("kb", "refunds", 3)).isInstanceOfSatisfying(CollectionException.class,
              e -> assertThat(e.reason()).isEqualTo(CollectionException.Reason.UNAVAILABLE))
          .hasMessage("collection 'kb' cannot be read: its index (" + dir.resolve("collections/kb/index") + ") is in a"
              + " format this version of Apprentice does not know: delete the collection and create it again, then"
              + " add its documents again");
    }
  }

  @Test
  void aCommitOfAnotherProcessDamagedBeforeAReaderCaughtUpWithItIsRefusedAsDamaged() throws IOException {
    Path root = dir.resolve("collections");
    try (Collections writer = new Collections(root, () -> embedder);
        Collections reader = new Collections(root, () -> embedder)) {
      writer.create("kb");
      writer.add("kb", List.of(new NewDocument("refunds", "refunds take five days", null, null)));
      assertThat(reader.query("kb", "refunds", 3)).hasSize(1);
      writer.add("kb", List.of(new NewDocument("returns", "returns are free", null, null)));
      delete(root.resolve("kb/index/_1.cfs"));

      assertThatThrownBy(() -> reader.query("kb", "returns", 3))
          .hasMessage("collection 'kb' cannot be read: its index (" + root.resolve("kb/index") + ") is damaged or has"
              + " files missing: delete the collection and create it again, then add its documents again");
    }
  }

  private void assertRefusedAsDamaged(Consumer<Path> damage) throws IOException {
    Collections collections = damaged(damage);
    try (collections) {
      String expected = "collection 'kb' cannot be read: its index (" + dir.resolve("collections/kb/index") + ") is"
          + " damaged or has files missing: delete the collection and create it again, then add its documents again";
      for (ThrowableAssert.ThrowingCallable call : List.<ThrowableAssert.ThrowingCallable>of(
          () -> collections.describe("kb"), () -> collections.query("kb", "refunds", 3),
          () -> collections.add("kb", List.of(new NewDocument("returns", "returns are free", null, null))))) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CollectionException.class,
            e -> assertThat(e.reason()).isEqualTo(CollectionException.Reason.UNAVAILABLE)).hasMessage(expected);
      }
      collections.delete("kb");
      assertThat(collections.create("kb").documents()).isZero();
    }
  }

  /** Collections over a data directory whose collection 'kb', holding one document, was then damaged. */
  private Collections damaged(Consumer<Path> damage) throws IOException {
    Path root = dir.resolve("collections");
    try (Collections before = new Collections(root, () -> embedder)) {
      before.create("kb");
      before.add("kb", List.of(new NewDocument("refunds", "refunds take five days", null, null)));
    }
    damage.accept(root.resolve("kb/index"));
    return new Collections(root, () -> embedder);
  }

  /** The file with its footer's checksum (CRC32 of all before it, as a long, last) made right again. */
  private static byte[] checksummed(byte[] file) {
    CRC32 crc = new CRC32();
    crc.update(file, 0, file.length - Long.BYTES);
    ByteBuffer.wrap(file).putLong(file.length - Long.BYTES, crc.getValue());
    return file;
  }

  private static byte[] version(byte[] commit, int version) {
    commit[VERSION_AT] = (byte) (version >>> 24);
    commit[VERSION_AT + 1] = (byte) (version >>> 16);
    commit[VERSION_AT + 2] = (byte) (version >>> 8);
    commit[VERSION_AT + 3] = (byte) version;
    return commit;
  }

  private static Path file(Path index, String glob) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(index, glob)) {
      return files.iterator().next();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void rewrite(Path file, java.util.function.UnaryOperator<byte[]> change) {
    try {
      Files.write(file, change.apply(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
