package dev.ippo.cli.chat;

import dev.ippo.MessageEvent;
import dev.ippo.WebSocket;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One client's connection to the chat: checks the rate, reads its messages, asks the rooms
 * to act on them, and answers a refused message with an error to this client alone.
 * Nothing a client sends closes its connection or reaches the others unchecked.
 *
 * <p>Not thread safe, and needs not be: its handlers run on the connection's event loop
 * thread, one at a time. The {@link Member} methods may be called from any thread.
 */
final class ChatSession implements Member {
  /** The largest picture, in bytes. */
  static final int MAX_PICTURE_BYTES = 512 * 1024;

  private final WebSocket ws;
  private final ChatRooms rooms;
  private final RateLimiter limiter;
  private final PrintStream log;
  private final String peer;
  private String name;
  private String room;

  ChatSession(WebSocket ws, ChatRooms rooms, LongSupplier nanoTime, PrintStream log) {
    this.ws = ws;
    this.rooms = rooms;
    this.limiter = new RateLimiter(nanoTime);
    this.log = log;
    // Read now: once the socket is closed the address may be gone.
    this.peer = format(ws.remoteAddress());
  }

  /** Sets the connection's handlers; called from the server's connection handler. */
  void start() {
    ws.onMessage(this::received);
    ws.onClose(e -> left());
    rooms.connect(this);
  }

  @Override
  public void send(String text) {
    ws.send(text);
  }

  @Override
  public void send(byte[] data) {
    ws.send(data);
  }

  private void received(MessageEvent event) {
    RateLimiter.Verdict verdict = limiter.acquire();
    if (verdict != RateLimiter.Verdict.ALLOW) {
      if (verdict == RateLimiter.Verdict.REJECT_AND_TELL) {
        refuse(new ChatError(ErrorCode.RATE_LIMITED, "too many messages: at most "
            + RateLimiter.RATE + " a second; messages are dropped"));
      }
      return;
    }
    try {
      if (event.isText()) {
        text(ClientMessageParser.parse(event.text()));
      } else {
        picture(event.bytes());
      }
    } catch (ChatError e) {
      refuse(e);
    }
  }

  private void text(ClientMessage message) throws ChatError {
    if (message instanceof ClientMessage.Join join) {
      String wantedName = join.validName();
      String wantedRoom = join.validRoom();
      rooms.join(this, wantedName, wantedRoom);
      logLeave();
      name = wantedName;
      room = wantedRoom;
      log.println("chat: join " + name + " in " + room + " from " + peer);
    } else if (message instanceof ClientMessage.Say say) {
      requireJoined();
      rooms.say(this, say.validText());
    }
  }

  private void picture(byte[] bytes) throws ChatError {
    requireJoined();
    if (bytes.length > MAX_PICTURE_BYTES) {
      throw new ChatError(ErrorCode.IMAGE_TOO_LARGE, "the picture has " + bytes.length
          + " bytes; at most " + MAX_PICTURE_BYTES + " are allowed");
    }
    Optional<String> mime = PictureSniffer.mimeType(bytes);
    if (mime.isEmpty()) {
      throw new ChatError(ErrorCode.NOT_AN_IMAGE,
          "binary messages are pictures: PNG, JPEG, GIF or WebP");
    }
    rooms.show(this, new Picture(mime.get(), bytes));
  }

  private void requireJoined() throws ChatError {
    if (name == null) {
      throw new ChatError(ErrorCode.NOT_JOINED, "join first: {\"type\":\"join\",\"name\":...}");
    }
  }

  private void refuse(ChatError e) {
    ws.send(ServerMessages.error(e.code(), e.getMessage()));
    log.println("chat: error " + e.code().wireName() + " to " + (name == null ? "" : name + " ")
        + "from " + peer + ": " + e.getMessage());
  }

  private void left() {
    rooms.disconnect(this);
    logLeave();
  }

  private void logLeave() {
    if (name != null) {
      log.println("chat: leave " + name + " in " + room + " from " + peer);
    }
  }

  private static String format(InetSocketAddress address) {
    if (address == null) {
      return "unknown";
    }
    String host = address.getAddress() == null
        ? address.getHostString() : address.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
