package dev.ippo.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TopicEnvelopeTest {
  private static final byte[] ID = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  @Test
  void textAndBinaryComeBackWithTheirTypeIdAndBytes() {
    TopicEnvelope.Message text = TopicEnvelope.decode(
        TopicEnvelope.encode(true, ID, "héllo".getBytes(StandardCharsets.UTF_8)));
    assertTrue(text.text());
    assertArrayEquals(ID, text.serverId());
    assertEquals("héllo", new String(text.payload(), StandardCharsets.UTF_8));

    TopicEnvelope.Message binary = TopicEnvelope.decode(
        TopicEnvelope.encode(false, ID, new byte[] {0, (byte) 0xff}));
    assertFalse(binary.text());
    assertArrayEquals(new byte[] {0, (byte) 0xff}, binary.payload());

    assertEquals(0, TopicEnvelope.decode(TopicEnvelope.encode(true, ID, new byte[0]))
        .payload().length);
  }

  @Test
  void foreignMessagesAreNotDecoded() {
    assertNull(TopicEnvelope.decode(new byte[0]));
    assertNull(TopicEnvelope.decode("t-too-short".getBytes(StandardCharsets.US_ASCII)));
    byte[] unknownKind = TopicEnvelope.encode(true, ID, new byte[] {1});
    unknownKind[0] = 'x';
    assertNull(TopicEnvelope.decode(unknownKind));
  }

  @Test
  void aTopicHasAChannelOfItsOwnUnderThePrefix() {
    byte[] channel = TopicEnvelope.channel("room/東京");
    assertEquals("ippo:room/東京", new String(channel, StandardCharsets.UTF_8));
    assertEquals("room/東京", TopicEnvelope.topic(channel));
    assertNull(TopicEnvelope.topic("other:room".getBytes(StandardCharsets.UTF_8)));
  }
}
