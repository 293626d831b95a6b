package dev.ippo.cli.connect;

import dev.ippo.MessageEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Prints each received message as one line: {@code < hello} for text; for binary,
 * {@code < [binary 20 bytes] 00 01 02 ... 0f ...} (the first 16 bytes in hex), or, with a
 * folder to save them in, {@code < [binary 20 bytes] saved to DIR/binary-1.bin}.
 *
 * <p>Not thread safe: one connection's messages come one at a time, on its loop thread.
 */
final class MessagePrinter {
  /** How many bytes of a binary message the line shows. */
  static final int PREVIEW_BYTES = 16;
  /** A bound on the search for a free file name, so a full folder cannot loop for ever. */
  private static final int MAX_FILES = 1_000_000;

  private final PrintStream out;
  private final PrintStream err;
  private final Path binaryDir;
  private int lastFile;

  private MessagePrinter(PrintStream out, PrintStream err, Path binaryDir) {
    this.out = out;
    this.err = err;
    this.binaryDir = binaryDir;
  }

  /**
   * A printer that saves binary messages in {@code binaryDir} (created if missing), or
   * shows them when it is null.
   *
   * @throws IOException when the folder cannot be created
   */
  static MessagePrinter create(PrintStream out, PrintStream err, Path binaryDir)
      throws IOException {
    if (binaryDir != null) {
      Files.createDirectories(binaryDir);
    }
    return new MessagePrinter(out, err, binaryDir);
  }

  void print(MessageEvent message) {
    out.println(message.isText() ? "< " + message.text() : binaryLine(message.bytes()));
  }

  private String binaryLine(byte[] bytes) {
    String head = "< [binary " + bytes.length + " bytes]";
    if (binaryDir != null) {
      try {
        return head + " saved to " + save(bytes);
      } catch (IOException e) {
        // The message is still shown; only the file is missing.
        err.println("ippo connect: cannot save a binary message in " + binaryDir + ": " + e);
      }
    }
    return bytes.length == 0 ? head : head + " " + hexPreview(bytes);
  }

  /** The first {@link #PREVIEW_BYTES} bytes as {@code 0a 1b}, then {@code ...} if more. */
  static String hexPreview(byte[] bytes) {
    StringBuilder hex = new StringBuilder();
    int shown = Math.min(bytes.length, PREVIEW_BYTES);
    for (int i = 0; i < shown; i++) {
      if (i > 0) {
        hex.append(' ');
      }
      hex.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16))
          .append(Character.forDigit(bytes[i] & 0xf, 16));
    }
    if (bytes.length > shown) {
      hex.append(" ...");
    }
    return hex.toString();
  }

  /** Writes to the next free {@code binary-N.bin}: files of an earlier run are kept. */
  private Path save(byte[] bytes) throws IOException {
    while (lastFile < MAX_FILES) {
      Path file = binaryDir.resolve("binary-" + ++lastFile + ".bin");
      try {
        Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return file;
      } catch (FileAlreadyExistsException taken) {
        // an earlier run's file: try the next number
      }
    }
    throw new IOException("no free file name up to binary-" + MAX_FILES + ".bin");
  }
}
