package dev.ippo.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What a command prints, line by line, for a test to wait on. Thread safe. */
final class CapturedOutput extends OutputStream {
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(this, true, StandardCharsets.UTF_8);

  /** The stream to hand to the command. */
  PrintStream stream() {
    return stream;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      lines.add(partial.toString(StandardCharsets.UTF_8));
      partial.reset();
    } else {
      partial.write(b);
    }
  }

  /** The next whole line, waiting up to 5 seconds for it. */
  String nextLine() throws InterruptedException {
    String line = lines.poll(5, TimeUnit.SECONDS);
    if (line == null) {
      fail("no line printed within 5 s");
    }
    return line;
  }

  /** The whole lines printed so far and not yet taken. */
  List<String> remainingLines() {
    List<String> rest = new ArrayList<>();
    lines.drainTo(rest);
    return rest;
  }
}
