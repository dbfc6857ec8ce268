package dev.apprentice.api.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;

class FileProblemsTest {

  @Test
  void eachFileSystemRefusalIsSaidInWordsRatherThanAsTheBarePathItCarries() {
    assertThat(FileProblems.why(new AccessDeniedException("/data/cache"))).isEqualTo("permission denied");
    assertThat(FileProblems.why(new NoSuchFileException("/data/out/g.jsonl"))).isEqualTo("no such folder");
    assertThat(FileProblems.why(new FileAlreadyExistsException("/data/cache")))
        .isEqualTo("/data/cache is a file, not a folder");
    assertThat(FileProblems.why(new FileSystemException("/data/cache", null, "No space left on device")))
        .isEqualTo("No space left on device");
    assertThat(FileProblems.why(new IOException("disk on fire"))).isEqualTo("disk on fire");
    assertThat(FileProblems.why(new IOException())).isEqualTo("the file system refused it");
    assertThat(FileProblems.why(new IOException(new IOException("disk on fire")))).isEqualTo("disk on fire");
    assertThat(FileProblems.why(new IOException(new IllegalStateException()))).isEqualTo("the file system refused it");
  }

  @Test
  void aFileSystemRefusalWithoutAReasonAndALibrarysOwnExceptionAreNotPassedOnAsTheirMessages() {
    assertThat(FileProblems.why(new NotDirectoryException("/data/cache"))).isEqualTo("/data/cache is not a folder");
    assertThat(FileProblems.why(new FileSystemException("/data/cache"))).isEqualTo("the file system refused it");
    assertThat(FileProblems.why(new LibraryException("read past EOF: MMapIndexInput(path=\"/data/cache/_0.cfs\")")))
        .isEqualTo("the file system refused it");
  }

  /** An I/O exception of a library, whose message names the library's classes. */
  private static final class LibraryException extends IOException {
    LibraryException(String message) {
      super(message);
    }
  }
}
