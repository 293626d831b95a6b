package dev.ippo.bench.soak;

import dev.ippo.bench.soak.Wire.Frame;
import dev.ippo.bench.soak.Wire.Unexpected;
import java.io.IOException;
import java.net.SocketException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The lives of the soak's peers of {@code ippo chat}: members who join one of ten rooms,
 * talk and hear every line of their room (the broadcast traffic), members who never read,
 * and clients who send what the chat must refuse. The chat speaks JSON; a few fixed
 * fragments of it are enough to recognise what comes back.
 *
 * <p>Thread safe: no state; each call runs on its slot's thread.
 */
final class ChatPeers {
  private ChatPeers() {}

  /** The chat's WebSocket endpoint. */
  static final String PATH = "/chat";
  /** Rooms the members spread over: about 50 members each at the soak's default mix. */
  static final int ROOMS = 10;

  /**
   * Joins a room, says a line every 0.5 to 2 s (one in eight a 16 KiB picture, which the
   * room's members all receive) for 10 to 40 s while reading all its room says, hears each
   * of its own lines back, and leaves with a clean close.
   */
  static void member(Slot slot) throws IOException {
    Random random = slot.random;
    Wire wire = slot.open(PATH, 0);
    String name = slot.lifeName();
    join(wire, name, "room" + random.nextInt(ROOMS));
    long leaveAt = System.nanoTime() + (10_000 + random.nextInt(30_000)) * 1_000_000L;
    // Each line not heard back yet, with when it went: a failure says how long it waited.
    Map<String, Long> unheard = new LinkedHashMap<>();
    int said = 0;
    int pictures = 0;
    boolean running = true;
    while (running && System.nanoTime() < leaveAt) {
      long nextLineAt = System.nanoTime() + (500 + random.nextInt(1500)) * 1_000_000L;
      hear(wire, unheard, nextLineAt, false);
      if (random.nextInt(8) == 0) {
        wire.send(Wire.BINARY, picture(random));
        pictures++;
      } else {
        String line = name + "#" + said++;
        unheard.put(line, System.nanoTime());
        wire.send("{\"type\":\"message\",\"text\":\"" + line + " says hello\"}");
      }
      running = slot.pause(0);
    }
    hear(wire, unheard, System.nanoTime() + Wire.TIMEOUT_MS * 1_000_000L, true);
    if (!unheard.isEmpty()) {
      Map.Entry<String, Long> first = unheard.entrySet().iterator().next();
      throw new Unexpected(unheard.size() + " of " + said + " lines were not heard back ("
          + first.getKey() + " said " + (System.nanoTime() - first.getValue()) / 1_000_000
          + " ms ago; " + wire.lastHeard() + ")");
    }
    slot.tally.answered(said + pictures);
    EchoPeers.closeNormally(wire);
    slot.tally.lived();
  }

  /**
   * Reads the room until {@code untilNanos} or, with {@code untilAllHeard}, until every line
   * of {@code unheard} came, if sooner. At the deadline it still takes the frames that are
   * there already ({@link Wire#arrived}): they came in time, however late this thread ran.
   */
  private static void hear(Wire wire, Map<String, Long> unheard, long untilNanos,
      boolean untilAllHeard) throws IOException {
    while (!(untilAllHeard && unheard.isEmpty())) {
      long left = (untilNanos - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        for (Frame frame : wire.arrived()) {
          heard(frame, unheard);
        }
        return;
      }
      Frame frame = wire.poll(left);
      if (frame != null) {
        heard(frame, unheard);
      }
    }
  }

  /** Crosses off the line a room's message carries, if it is one of {@code unheard}. */
  private static void heard(Frame frame, Map<String, Long> unheard) {
    if (frame.opcode() != Wire.TEXT) {
      return;
    }
    String text = frame.text();
    if (text.startsWith("{\"type\":\"message\"")) {
      int at = text.indexOf("\"text\":\"");
      int space = at < 0 ? -1 : text.indexOf(' ', at);
      if (space > 0) {
        unheard.remove(text.substring(at + 8, space));
      }
    }
  }

  /** The ways a member who never reads ends well. */
  static final String[] DEAF_ENDS = {"dropped", "outlived"};

  /**
   * Joins a busy room through a 2 KiB receive buffer and never reads: the room's traffic
   * (its pictures above all) piles up at the server until it drops the member as too slow,
   * or the member leaves with a reset after 50 to 80 s. It says a line every 2 s, and two
   * more before it leaves: a write into a connection the server closed fails by the second.
   */
  static void deaf(Slot slot) throws IOException {
    Random random = slot.random;
    Wire wire = slot.open(PATH, 2048);
    wire.send(joinMessage(slot.lifeName(), "room" + random.nextInt(ROOMS)));
    long leaveAt = System.nanoTime() + (50_000 + random.nextInt(30_000)) * 1_000_000L;
    String line = "{\"type\":\"message\",\"text\":\"nobody reads me\"}";
    try {
      while (System.nanoTime() < leaveAt && slot.pause(2000)) {
        wire.send(line);
      }
      for (int i = 0; i < 2; i++) {
        slot.pause(200);
        wire.send(line);
      }
    } catch (SocketException dropped) {
      slot.tally.lived(0);
      return;
    }
    wire.reset();
    slot.tally.lived(1);
  }

  /**
   * Sends what the chat refuses (not JSON, an unknown type, a join without a name, a line
   * before joining) and expects the error code of each, then closes or resets.
   */
  static void refused(Slot slot) throws IOException {
    Random random = slot.random;
    Wire wire = slot.open(PATH, 0);
    String[][] cases = {
        {"not json at all", "invalid_json"},
        {"{\"type\":\"dance\"}", "unknown_type"},
        {"{\"type\":\"join\"}", "missing_field"},
        {"{\"type\":\"message\",\"text\":\"hi\"}", "not_joined"},
    };
    for (String[] c : cases) {
      wire.send(c[0]);
        try {
        expectError(wire, c[1]);
      } catch (Unexpected e) {
        throw new Unexpected("waiting for " + c[1] + ": " + e.getMessage());
      }
    }
    if (random.nextBoolean()) {
      EchoPeers.closeNormally(wire);
    } else {
      wire.reset();
    }
    slot.tally.lived();
  }

  private static void expectError(Wire wire, String code) throws IOException {
    while (true) {
      Frame frame = wire.readData();
      String text = frame.opcode() == Wire.TEXT ? frame.text() : "";
      if (text.startsWith("{\"type\":\"error\"")) {
        if (!text.contains("\"code\":\"" + code + "\"")) {
          throw new Unexpected("expected the error " + code + ", got " + text);
        }
        return;
      }
    }
  }

  private static void join(Wire wire, String name, String room) throws IOException {
    wire.send(joinMessage(name, room));
    while (true) {
      Frame frame;
      try {
        frame = wire.readData();
      } catch (Unexpected e) {
        throw new Unexpected("waiting for the welcome to " + room + ": " + e.getMessage());
      }
      if (frame.opcode() == Wire.TEXT && frame.text().startsWith("{\"type\":\"welcome\"")) {
        return;
      }
      if (frame.opcode() == Wire.TEXT && frame.text().startsWith("{\"type\":\"error\"")) {
        throw new Unexpected("joining as " + name + " was refused: " + frame.text());
      }
    }
  }

  /** A PNG signature and 16 KiB of noise: what the chat's sniffer takes for a picture. */
  private static byte[] picture(Random random) {
    byte[] png = new byte[16 * 1024];
    random.nextBytes(png);
    byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    System.arraycopy(signature, 0, png, 0, signature.length);
    return png;
  }

  private static String joinMessage(String name, String room) {
    return "{\"type\":\"join\",\"name\":\"" + name + "\",\"room\":\"" + room + "\"}";
  }
}
