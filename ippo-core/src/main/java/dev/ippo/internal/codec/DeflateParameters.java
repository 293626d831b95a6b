package dev.ippo.internal.codec;

/**
 * The four parameters of permessage-deflate (RFC 7692 section 7.1), as agreed for one
 * connection or as one end wants them.
 *
 * <pre>{@code
 * // the default: both ends keep their context, 15-bit windows
 * DeflateParameters defaults = DeflateParameters.DEFAULT;
 * // a server that keeps no compression context between its messages
 * DeflateParameters lean = new DeflateParameters(true, false, 15, 15);
 * }</pre>
 *
 * @param serverNoContextTakeover the server starts every message it sends with an empty
 *     window (so the client's inflater and the server's deflater need not live between them)
 * @param clientNoContextTakeover the same for the client's messages
 * @param serverMaxWindowBits the server's deflate window, 8 to 15 (2^bits bytes)
 * @param clientMaxWindowBits the client's deflate window, 8 to 15
 */
public record DeflateParameters(
    boolean serverNoContextTakeover,
    boolean clientNoContextTakeover,
    int serverMaxWindowBits,
    int clientMaxWindowBits) {

  /** The smallest window RFC 7692 allows. */
  public static final int MIN_WINDOW_BITS = 8;
  /** The largest window, and the one {@code java.util.zip} always deflates with. */
  public static final int MAX_WINDOW_BITS = 15;

  /** Context takeover on both ends, 15-bit windows: what an offer without parameters gets. */
  public static final DeflateParameters DEFAULT =
      new DeflateParameters(false, false, MAX_WINDOW_BITS, MAX_WINDOW_BITS);

  public DeflateParameters {
    checkBits(serverMaxWindowBits, "serverMaxWindowBits");
    checkBits(clientMaxWindowBits, "clientMaxWindowBits");
  }

  private static void checkBits(int bits, String name) {
    if (bits < MIN_WINDOW_BITS || bits > MAX_WINDOW_BITS) {
      throw new IllegalArgumentException(name + " must be 8 to 15, not " + bits);
    }
  }

  /** Whether the messages {@code role} sends start with an empty window. */
  public boolean noContextTakeoverWhenSending(Role role) {
    return role == Role.SERVER ? serverNoContextTakeover : clientNoContextTakeover;
  }

  /** Whether the messages {@code role} receives start with an empty window. */
  public boolean noContextTakeoverWhenReceiving(Role role) {
    return role == Role.SERVER ? clientNoContextTakeover : serverNoContextTakeover;
  }

  /** The window {@code role} may deflate with. */
  public int sendingWindowBits(Role role) {
    return role == Role.SERVER ? serverMaxWindowBits : clientMaxWindowBits;
  }
}
