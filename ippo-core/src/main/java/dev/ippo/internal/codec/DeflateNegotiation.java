package dev.ippo.internal.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Negotiates permessage-deflate (RFC 7692 section 7.1) on both ends. Thread safe: no state.
 *
 * <p><b>Windows.</b> {@code java.util.zip} always deflates with a 15-bit window, yet a peer
 * may ask for a smaller one ({@code server_max_window_bits} from a client,
 * {@code client_max_window_bits} from a server). Ippo agrees and keeps the promise by what
 * it compresses: with a window of 2^N bytes, N &lt; 15, it deflates each message on its own
 * (no context taken over) and only messages of at most 2^N bytes, since no back-reference
 * inside such a message can reach further than its length; longer messages go
 * uncompressed, which RFC 7692 always allows. Inflating needs no such care: a 15-bit
 * inflater reads any smaller window.
 */
public final class DeflateNegotiation {
  private DeflateNegotiation() {}

  /** The extension's name. */
  public static final String NAME = "permessage-deflate";

  private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
  private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
  private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
  private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

  /** A window-bits parameter that was absent. */
  private static final int ABSENT = 0;
  /** {@code client_max_window_bits} offered without a value. */
  private static final int NO_VALUE = -1;

  /** What the server agreed to, and its {@code Sec-WebSocket-Extensions} answer. */
  public record Accepted(DeflateParameters parameters, String header) {}

  /** One permessage-deflate element, its parameters checked; window bits ABSENT or 8-15. */
  private record Element(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
      int serverMaxWindowBits, int clientMaxWindowBits) {}

  /**
   * The server's choice among the client's offers: the first permessage-deflate offer that
   * it can honour with {@code wanted}, or null for none (the connection then goes
   * uncompressed). {@code wanted} says what the server asks for on top of the offer: no
   * context takeover on either end, and windows no larger than its bits.
   *
   * @throws HandshakeException (400) when a permessage-deflate offer is malformed: an unknown
   *     or repeated parameter, or a value that is missing, unexpected or not 8 to 15
   */
  public static Accepted negotiateServer(List<Extension> offers, DeflateParameters wanted)
      throws HandshakeException {
    List<Element> elements = new ArrayList<>();
    for (Extension offer : offers) {
      if (offer.name().equals(NAME)) {
        elements.add(read(offer, 400, true));
      }
    }
    for (Element offer : elements) {
      Accepted accepted = accept(offer, wanted);
      if (accepted != null) {
        return accepted;
      }
    }
    return null;
  }

  private static Accepted accept(Element offer, DeflateParameters wanted) {
    boolean clientBitsOffered = offer.clientMaxWindowBits != ABSENT;
    if (wanted.clientMaxWindowBits() < DeflateParameters.MAX_WINDOW_BITS && !clientBitsOffered) {
      return null; // a limit on the client's window needs a client that understands it
    }
    List<Extension.Parameter> answer = new ArrayList<>();
    boolean serverNoContext = offer.serverNoContextTakeover || wanted.serverNoContextTakeover();
    if (serverNoContext) {
      answer.add(new Extension.Parameter(SERVER_NO_CONTEXT_TAKEOVER, null));
    }
    // An offered client_no_context_takeover is taken up, so that the server needs no
    // inflater between the client's messages.
    boolean clientNoContext = offer.clientNoContextTakeover || wanted.clientNoContextTakeover();
    if (clientNoContext) {
      answer.add(new Extension.Parameter(CLIENT_NO_CONTEXT_TAKEOVER, null));
    }
    int serverBits = wanted.serverMaxWindowBits();
    if (offer.serverMaxWindowBits != ABSENT) {
      serverBits = Math.min(serverBits, offer.serverMaxWindowBits);
    }
    if (offer.serverMaxWindowBits != ABSENT || serverBits < DeflateParameters.MAX_WINDOW_BITS) {
      answer.add(new Extension.Parameter(SERVER_MAX_WINDOW_BITS, Integer.toString(serverBits)));
    }
    int clientBits = offer.clientMaxWindowBits > 0
        ? Math.min(offer.clientMaxWindowBits, wanted.clientMaxWindowBits())
        : wanted.clientMaxWindowBits();
    if (clientBits < DeflateParameters.MAX_WINDOW_BITS) {
      answer.add(new Extension.Parameter(CLIENT_MAX_WINDOW_BITS, Integer.toString(clientBits)));
    }
    DeflateParameters agreed =
        new DeflateParameters(serverNoContext, clientNoContext, serverBits, clientBits);
    return new Accepted(agreed, new Extension(NAME, answer).toString());
  }

  /**
   * The client's offer for what it wants: {@code client_max_window_bits} always (with a
   * value when it wants a window under 15 bits), and each other parameter that departs from
   * the default.
   */
  public static String offer(DeflateParameters wanted) {
    List<Extension.Parameter> parameters = new ArrayList<>();
    if (wanted.serverNoContextTakeover()) {
      parameters.add(new Extension.Parameter(SERVER_NO_CONTEXT_TAKEOVER, null));
    }
    if (wanted.clientNoContextTakeover()) {
      parameters.add(new Extension.Parameter(CLIENT_NO_CONTEXT_TAKEOVER, null));
    }
    if (wanted.serverMaxWindowBits() < DeflateParameters.MAX_WINDOW_BITS) {
      parameters.add(new Extension.Parameter(
          SERVER_MAX_WINDOW_BITS, Integer.toString(wanted.serverMaxWindowBits())));
    }
    parameters.add(new Extension.Parameter(CLIENT_MAX_WINDOW_BITS,
        wanted.clientMaxWindowBits() < DeflateParameters.MAX_WINDOW_BITS
            ? Integer.toString(wanted.clientMaxWindowBits())
            : null));
    return new Extension(NAME, parameters).toString();
  }

  /**
   * Checks the server's answer to {@link #offer}{@code (offered)}: one permessage-deflate
   * element and nothing else, each parameter known, once, with a valid value, and within
   * the offer (a window no larger than asked, no context takeover where it was asked for).
   *
   * @return what the connection uses
   * @throws HandshakeException (status 101) when the answer may not be accepted: the client
   *     then fails the connection
   */
  public static DeflateParameters acceptAnswer(List<Extension> answer, DeflateParameters offered)
      throws HandshakeException {
    if (answer.size() != 1 || !answer.get(0).name().equals(NAME)) {
      throw new HandshakeException(101,
          "Server answered with extensions that were not offered: " + answer);
    }
    Element e = read(answer.get(0), 101, false);
    if (offered.serverNoContextTakeover() && !e.serverNoContextTakeover) {
      throw new HandshakeException(101, "Server did not agree to server_no_context_takeover");
    }
    int serverBits = e.serverMaxWindowBits == ABSENT
        ? DeflateParameters.MAX_WINDOW_BITS : e.serverMaxWindowBits;
    if (serverBits > offered.serverMaxWindowBits()) {
      throw new HandshakeException(101, "Server answered " + SERVER_MAX_WINDOW_BITS + "="
          + serverBits + ", over the " + offered.serverMaxWindowBits() + " offered");
    }
    int clientBits = e.clientMaxWindowBits == ABSENT
        ? offered.clientMaxWindowBits() : e.clientMaxWindowBits;
    if (clientBits > offered.clientMaxWindowBits()) {
      throw new HandshakeException(101, "Server answered " + CLIENT_MAX_WINDOW_BITS + "="
          + clientBits + ", over the " + offered.clientMaxWindowBits() + " offered");
    }
    return new DeflateParameters(e.serverNoContextTakeover,
        e.clientNoContextTakeover || offered.clientNoContextTakeover(), serverBits, clientBits);
  }

  /** Checks one element's parameters; in an answer every window-bits parameter needs a value. */
  private static Element read(Extension element, int failStatus, boolean isOffer)
      throws HandshakeException {
    boolean serverNoContext = false;
    boolean clientNoContext = false;
    int serverBits = ABSENT;
    int clientBits = ABSENT;
    List<String> seen = new ArrayList<>(4);
    for (Extension.Parameter p : element.parameters()) {
      if (seen.contains(p.name())) {
        throw invalid(failStatus, "repeated parameter " + p.name());
      }
      seen.add(p.name());
      switch (p.name()) {
        case SERVER_NO_CONTEXT_TAKEOVER -> serverNoContext = flag(p, failStatus);
        case CLIENT_NO_CONTEXT_TAKEOVER -> clientNoContext = flag(p, failStatus);
        case SERVER_MAX_WINDOW_BITS -> serverBits = bits(p, failStatus, false);
        case CLIENT_MAX_WINDOW_BITS -> clientBits = bits(p, failStatus, isOffer);
        default -> throw invalid(failStatus, "unknown parameter " + p.name());
      }
    }
    return new Element(serverNoContext, clientNoContext, serverBits, clientBits);
  }

  private static boolean flag(Extension.Parameter p, int failStatus) throws HandshakeException {
    if (p.value() != null) {
      throw invalid(failStatus, p.name() + " takes no value");
    }
    return true;
  }

  private static int bits(Extension.Parameter p, int failStatus, boolean valueOptional)
      throws HandshakeException {
    String value = p.value();
    if (value == null) {
      if (valueOptional) {
        return NO_VALUE;
      }
      throw invalid(failStatus, p.name() + " needs a value");
    }
    // RFC 7692: 1*DIGIT without leading zero, 8 to 15.
    int bits = value.matches("[1-9][0-9]?") ? Integer.parseInt(value) : 0;
    if (bits < DeflateParameters.MIN_WINDOW_BITS || bits > DeflateParameters.MAX_WINDOW_BITS) {
      throw invalid(failStatus, p.name() + "=" + value + " is not 8 to 15");
    }
    return bits;
  }

  private static HandshakeException invalid(int failStatus, String why) {
    return new HandshakeException(failStatus, "Invalid permessage-deflate parameters: " + why);
  }
}
