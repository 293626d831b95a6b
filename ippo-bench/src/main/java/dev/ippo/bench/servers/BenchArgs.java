package dev.ippo.bench.servers;

import java.util.Locale;

/**
 * The command line every bench server shares: {@code <port> <mode>}, where mode is {@code echo}
 * (every message back to its sender, same type) or {@code broadcast} (every message to every
 * connected client, the sender included). A server that can compress also takes a third
 * argument, {@code deflate}, which turns permessage-deflate on. Servers listen on 127.0.0.1
 * only and print {@code listening <port>} once they accept connections, which is what
 * {@code bench/run} waits for.
 *
 * <p>Immutable, thread safe.
 */
public record BenchArgs(int port, Mode mode, boolean deflate) {
  /** What a server does with each message it receives. */
  public enum Mode { ECHO, BROADCAST }

  /** The loopback address every bench server binds. */
  public static final String HOST = "127.0.0.1";

  /** The largest message the harness sends (64 KiB) with room to spare. */
  public static final int MAX_MESSAGE = 1 << 20;

  /** Parses {@code <port> <mode>}; exits with status 2 and a usage line when they are wrong. */
  public static BenchArgs parse(String server, String[] args) {
    return parse(server, args, false);
  }

  /**
   * Parses {@code <port> <mode>}, and {@code [deflate]} after them when {@code compresses};
   * exits with status 2 and a usage line when they are wrong.
   */
  public static BenchArgs parse(String server, String[] args, boolean compresses) {
    String usage = server + " <port> echo|broadcast" + (compresses ? " [deflate]" : "");
    try {
      boolean deflate = compresses && args.length == 3 && args[2].equals("deflate");
      if (args.length != (deflate ? 3 : 2)) {
        throw new IllegalArgumentException("expected: " + usage);
      }
      int port = Integer.parseInt(args[0]);
      Mode mode = Mode.valueOf(args[1].toUpperCase(Locale.ROOT));
      return new BenchArgs(port, mode, deflate);
    } catch (IllegalArgumentException e) {
      System.err.println("usage: " + usage + " (" + e.getMessage() + ")");
      System.exit(2);
      throw e;
    }
  }

  /** Tells the harness the server is ready. */
  public void announce(int boundPort) {
    System.out.println("listening " + boundPort);
    System.out.flush();
  }
}
