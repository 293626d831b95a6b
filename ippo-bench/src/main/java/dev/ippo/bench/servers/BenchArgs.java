package dev.ippo.bench.servers;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The command line every bench server shares: {@code <port> <mode>}, where mode is {@code echo}
 * (every message back to its sender, same type) or {@code broadcast} (every message to every
 * connected client, the sender included). A server that can compress also takes
 * {@code deflate}, which turns permessage-deflate on; a server that speaks TLS also takes
 * {@code tls DIR}, the folder {@code bench/run} writes the one certificate every server
 * presents into ({@link Tls}). Servers listen on 127.0.0.1 only and print
 * {@code listening <port>} once they accept connections, which is what {@code bench/run}
 * waits for.
 *
 * <p>Immutable, thread safe.
 *
 * @param tls where the certificate and key are; null for plain {@code ws://}
 */
public record BenchArgs(int port, Mode mode, boolean deflate, Tls tls) {
  /** What a server does with each message it receives. */
  public enum Mode { ECHO, BROADCAST }

  /**
   * The certificate of a TLS run, in the forms the servers read: {@code cert.pem} (ECDSA
   * P-256, for localhost and 127.0.0.1), its key {@code key.pem} (PKCS#8), and both in
   * {@code keystore.p12} under {@link #PASSWORD}.
   */
  public record Tls(Path dir) {
    /** The PKCS#12 keystore's password (a throwaway certificate for loopback). */
    public static final String PASSWORD = "bench";

    public Path certificate() {
      return dir.resolve("cert.pem");
    }

    public Path key() {
      return dir.resolve("key.pem");
    }

    public Path keyStore() {
      return dir.resolve("keystore.p12");
    }
  }

  /** The loopback address every bench server binds. */
  public static final String HOST = "127.0.0.1";

  /** The largest message the harness sends (64 KiB) with room to spare. */
  public static final int MAX_MESSAGE = 1 << 20;

  /** Parses {@code <port> <mode>}; exits with status 2 and a usage line when they are wrong. */
  public static BenchArgs parse(String server, String[] args) {
    return parse(server, args, false);
  }

  /**
   * Parses {@code <port> <mode>}, then {@code [deflate]} when {@code compresses} and
   * {@code [tls DIR]}; exits with status 2 and a usage line when they are wrong.
   */
  public static BenchArgs parse(String server, String[] args, boolean compresses) {
    String usage = server + " <port> echo|broadcast" + (compresses ? " [deflate]" : "")
        + " [tls DIR]";
    try {
      if (args.length < 2) {
        throw new IllegalArgumentException("expected: " + usage);
      }
      int port = Integer.parseInt(args[0]);
      Mode mode = Mode.valueOf(args[1].toUpperCase(Locale.ROOT));
      boolean deflate = false;
      Tls tls = null;
      for (int i = 2; i < args.length; i++) {
        if (compresses && args[i].equals("deflate")) {
          deflate = true;
        } else if (args[i].equals("tls") && i + 1 < args.length) {
          tls = new Tls(Path.of(args[++i]));
        } else {
          throw new IllegalArgumentException("unexpected '" + args[i] + "'; expected: " + usage);
        }
      }
      return new BenchArgs(port, mode, deflate, tls);
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
