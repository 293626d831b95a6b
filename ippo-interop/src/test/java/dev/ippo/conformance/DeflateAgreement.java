package dev.ippo.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a client and a server agreed for permessage-deflate, read from the client's offer and
 * the server's {@code Sec-WebSocket-Extensions} answer, with the answer checked against
 * RFC 7692 section 7.1 by the suite's own reading (nothing of Ippo's):
 *
 * <ul>
 *   <li>one element, {@code permessage-deflate}, and no extension that was not offered;</li>
 *   <li>each parameter known and given once; the two {@code *_no_context_takeover} without a
 *       value, the two {@code *_max_window_bits} with one, 8 to 15, no leading zero;</li>
 *   <li>valid for one of the offered elements: {@code server_no_context_takeover} kept when
 *       offered, {@code server_max_window_bits} present and no larger when offered,
 *       {@code client_max_window_bits} only when offered and no larger than its value.</li>
 * </ul>
 *
 * <p>Immutable; thread safe.
 *
 * @param offerIndex which permessage-deflate element of the offer the answer accepts, from 0
 * @param clientMaxWindowBits the window the client may deflate with: the smaller of the
 *     answer's and the offer's values, 15 when neither gives one
 */
record DeflateAgreement(int offerIndex, boolean serverNoContextTakeover,
    boolean clientNoContextTakeover, int serverMaxWindowBits, int clientMaxWindowBits) {

  static final String NAME = "permessage-deflate";

  /**
   * Checks the server's answer to {@code offer}.
   *
   * @param answer the answer's field value, or null when it sent none
   * @return the agreement, or null when the server declined (sent no answer)
   * @throws CaseFailure when the answer is malformed or not valid for any offered element
   */
  static DeflateAgreement check(String offer, String answer) throws CaseFailure {
    if (answer == null) {
      return null;
    }
    List<Element> answered;
    try {
      answered = parse(answer);
    } catch (IllegalArgumentException e) {
      throw new CaseFailure("malformed Sec-WebSocket-Extensions answer '" + answer + "': "
          + e.getMessage());
    }
    if (answered.size() != 1 || !answered.get(0).name().equals(NAME)) {
      throw new CaseFailure("the answer '" + answer + "' is not one " + NAME + " element");
    }
    Map<String, String> a = answered.get(0).params();
    String why = checkValues(a, false);
    if (why != null) {
      throw new CaseFailure("invalid answer '" + answer + "': " + why);
    }
    List<Element> offered = parse(offer);
    String firstReason = null;
    int index = 0;
    for (Element o : offered) {
      if (!o.name().equals(NAME)) {
        continue;
      }
      String reason = mismatch(o.params(), a);
      if (reason == null) {
        return agreement(index, o.params(), a);
      }
      firstReason = firstReason == null ? reason : firstReason;
      index++;
    }
    throw new CaseFailure("the answer '" + answer + "' is valid for no offered element ("
        + firstReason + ")");
  }

  /** The agreement a well-behaved server means by {@code answer} to a single offer. */
  static DeflateAgreement of(String offer, String answer) {
    try {
      return check(offer, answer);
    } catch (CaseFailure e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  private static DeflateAgreement agreement(int index, Map<String, String> o,
      Map<String, String> a) {
    int clientBits = 15;
    if (a.get("client_max_window_bits") != null) {
      clientBits = Integer.parseInt(a.get("client_max_window_bits"));
    }
    String offeredClientBits = o.get("client_max_window_bits");
    if (offeredClientBits != null && !offeredClientBits.isEmpty()) {
      clientBits = Math.min(clientBits, Integer.parseInt(offeredClientBits));
    }
    String serverBits = a.get("server_max_window_bits");
    return new DeflateAgreement(index, a.containsKey("server_no_context_takeover"),
        a.containsKey("client_no_context_takeover") || o.containsKey("client_no_context_takeover"),
        serverBits == null ? 15 : Integer.parseInt(serverBits), clientBits);
  }

  /** Why answer {@code a} is not valid for offered element {@code o}, or null when it is. */
  private static String mismatch(Map<String, String> o, Map<String, String> a) {
    if (checkValues(o, true) != null) {
      return "offer not valid itself: " + checkValues(o, true);
    }
    if (o.containsKey("server_no_context_takeover")
        && !a.containsKey("server_no_context_takeover")) {
      return "server_no_context_takeover was offered, not answered";
    }
    String offeredServerBits = o.get("server_max_window_bits");
    String serverBits = a.get("server_max_window_bits");
    if (offeredServerBits != null && (serverBits == null
        || Integer.parseInt(serverBits) > Integer.parseInt(offeredServerBits))) {
      return "server_max_window_bits=" + offeredServerBits + " was offered, answered "
          + serverBits;
    }
    String clientBits = a.get("client_max_window_bits");
    if (clientBits != null) {
      if (!o.containsKey("client_max_window_bits")) {
        return "client_max_window_bits answered, not offered";
      }
      String offered = o.get("client_max_window_bits");
      if (!offered.isEmpty() && Integer.parseInt(clientBits) > Integer.parseInt(offered)) {
        return "client_max_window_bits=" + clientBits + " over the " + offered + " offered";
      }
    }
    return null;
  }

  /** Why an element's parameters are invalid, or null; a value of "" means none given. */
  private static String checkValues(Map<String, String> params, boolean isOffer) {
    for (Map.Entry<String, String> p : params.entrySet()) {
      String value = p.getValue();
      switch (p.getKey()) {
        case "server_no_context_takeover", "client_no_context_takeover" -> {
          if (!value.isEmpty()) {
            return p.getKey() + " with a value";
          }
        }
        case "server_max_window_bits", "client_max_window_bits" -> {
          boolean optional = isOffer && p.getKey().equals("client_max_window_bits");
          if (value.isEmpty() ? !optional : !value.matches("[89]|1[0-5]")) {
            return p.getKey() + "='" + value + "'";
          }
        }
        default -> {
          return "unknown parameter " + p.getKey();
        }
      }
    }
    return null;
  }

  /** One extension element: its name (lower case) and parameters, "" for no value. */
  record Element(String name, Map<String, String> params) {}

  /**
   * Parses a field value by RFC 6455 section 9.1, quoted values unquoted.
   *
   * @throws IllegalArgumentException on bad syntax or a repeated parameter
   */
  static List<Element> parse(String field) {
    List<Element> out = new ArrayList<>();
    for (String element : splitOutsideQuotes(field, ',')) {
      if (element.isBlank()) {
        continue;
      }
      List<String> parts = splitOutsideQuotes(element, ';');
      String name = token(parts.get(0).strip(), "extension name");
      Map<String, String> params = new LinkedHashMap<>();
      for (String part : parts.subList(1, parts.size())) {
        int eq = part.indexOf('=');
        String key = token((eq < 0 ? part : part.substring(0, eq)).strip(), "parameter");
        String value = eq < 0 ? "" : unquote(part.substring(eq + 1).strip());
        if (eq >= 0) {
          token(value, "value of " + key);
        }
        if (params.put(key.toLowerCase(Locale.ROOT), value) != null) {
          throw new IllegalArgumentException("repeated parameter " + key);
        }
      }
      out.add(new Element(name.toLowerCase(Locale.ROOT), params));
    }
    return out;
  }

  private static List<String> splitOutsideQuotes(String s, char separator) {
    List<String> parts = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == separator && !quoted) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quoted string");
    }
    parts.add(s.substring(start));
    return parts;
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1) : v;
  }

  private static String token(String s, String what) {
    if (!s.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
      throw new IllegalArgumentException("bad " + what + " '" + s + "'");
    }
    return s;
  }
}
