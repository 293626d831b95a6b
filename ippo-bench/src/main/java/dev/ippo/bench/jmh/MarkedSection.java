package dev.ippo.bench.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replaces the text between two marker lines of a shared document, leaving every other byte
 * as it was: {@code docs/BENCHMARKS.md} has one section per generator, and they may write it
 * at the same time, so the file is read just before it is written.
 *
 * <p>Thread safe: no state (but two processes writing one file can still race; the window is
 * the few microseconds between the read and the write).
 */
public final class MarkedSection {
  private MarkedSection() {}

  /**
   * Puts {@code content} between {@code begin} and {@code end} in {@code file}. A missing file
   * is created from {@code skeleton}, which must hold both markers.
   *
   * @throws IllegalStateException when the file lacks the markers or has them out of order
   */
  public static void replace(Path file, String begin, String end, String content, String skeleton)
      throws IOException {
    if (!Files.exists(file)) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try {
        Files.writeString(file, skeleton, StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
      } catch (java.nio.file.FileAlreadyExistsException someoneElseMadeIt) {
        // The other generator created it in the meantime: use theirs.
      }
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalStateException(file + " lacks " + begin + " ... " + end + " in order");
    }
    String body = content.endsWith("\n") ? content : content + "\n";
    String updated =
        text.substring(0, from + begin.length()) + "\n" + body + text.substring(to);
    Files.writeString(file, updated, StandardCharsets.UTF_8);
  }
}
