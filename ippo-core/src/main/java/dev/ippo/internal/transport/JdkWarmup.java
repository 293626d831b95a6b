package dev.ippo.internal.transport;

import dev.ippo.internal.fault.Fatal;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.ZonedDateTime;

/**
 * Uses, once per JVM and before the first loop starts, the classes that open a file
 * descriptor the first time they are used. Used first when the process has no descriptor
 * left, their static initializer fails, and the class is then unusable for the rest of the
 * JVM's life ({@code NoClassDefFoundError: Could not initialize class ...}): under a
 * connection flood past {@code ulimit -n}, that broke every later socket write and close,
 * and every log line, long after the flood was over. Seen so far:
 * <ul>
 *   <li>{@code sun.nio.ch.FileDispatcherImpl}, through which every socket write and close
 *       goes (its initializer makes a socket pair), and the selector's own close;
 *   <li>{@code sun.util.calendar.ZoneInfoFile} and {@code TzdbZoneRulesProvider}, which read
 *       the JDK's {@code tzdb.dat} for the first timestamp of {@code java.util.logging}.
 * </ul>
 *
 * <p>Thread safe.
 */
final class JdkWarmup {
  static {
    try {
      SocketChannel.open().close();
    } catch (IOException | RuntimeException e) {
      // no socket now: nothing else of the loop would work either, and it will say so
    }
    ZonedDateTime.now().getOffset();
    // Ippo's own class of the failure paths, which would otherwise be loaded first when
    // something fails: from a class folder (an IDE, mvn test) loading it opens a file.
    Fatal.isFatal(null);
  }

  private JdkWarmup() {}

  /** Does it the first time (the class's initializer); nothing after that. */
  static void once() {
    // the static initializer did the work
  }
}
