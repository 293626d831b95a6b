package dev.ippo.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How a topic message travels through Redis: the channel is {@code ippo:<topic>}, and the
 * message one kind byte ({@code t} text, {@code b} binary), the publishing server's 16-byte
 * id, then the payload. The id lets a server skip its own publishes, which it has already
 * delivered to its own subscribers.
 *
 * <p>Stateless; thread safe.
 */
final class TopicEnvelope {
  /** Keeps Ippo's channels apart from whatever else the same Redis carries. */
  static final String CHANNEL_PREFIX = "ippo:";
  static final int ID_LENGTH = 16;
  private static final byte TEXT = 't';
  private static final byte BINARY = 'b';
  private static final int HEADER = 1 + ID_LENGTH;

  /** A message as it came out of Redis. */
  record Message(boolean text, byte[] serverId, byte[] payload) {}

  private TopicEnvelope() {}

  static byte[] channel(String topic) {
    return (CHANNEL_PREFIX + topic).getBytes(StandardCharsets.UTF_8);
  }

  /** The topic of an Ippo channel, or null for a channel that is not one. */
  static String topic(byte[] channel) {
    String name = new String(channel, StandardCharsets.UTF_8);
    return name.startsWith(CHANNEL_PREFIX) ? name.substring(CHANNEL_PREFIX.length()) : null;
  }

  static byte[] encode(boolean text, byte[] serverId, byte[] payload) {
    byte[] message = new byte[HEADER + payload.length];
    message[0] = text ? TEXT : BINARY;
    System.arraycopy(serverId, 0, message, 1, ID_LENGTH);
    System.arraycopy(payload, 0, message, HEADER, payload.length);
    return message;
  }

  /** The message, or null when it is not one of Ippo's (too short, unknown kind). */
  static Message decode(byte[] message) {
    if (message.length < HEADER || (message[0] != TEXT && message[0] != BINARY)) {
      return null;
    }
    return new Message(message[0] == TEXT, Arrays.copyOfRange(message, 1, HEADER),
        Arrays.copyOfRange(message, HEADER, message.length));
  }
}
