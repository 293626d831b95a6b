package dev.ippo.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ippo.internal.codec.MessageInflater;
import dev.ippo.internal.codec.ProtocolException;
import dev.ippo.internal.codec.ZlibPool;
import java.nio.ByteBuffer;

/**
 * The inflater, fed compressed messages in pieces: it refuses what does not inflate and what
 * inflates past the limit with a protocol error and nothing else, never returns more than the
 * limit, and holds nothing once a message ends.
 */
class InflaterFuzzTest {
  private static final long LIMIT = 64 * 1024;
  private static final ZlibPool POOL = new ZlibPool(6, 4);

  @FuzzTest(maxDuration = "60m")
  void messagesInPieces(FuzzedDataProvider data) {
    MessageInflater inflater = new MessageInflater(POOL, data.consumeBoolean());
    try {
      while (data.remainingBytes() > 0) {
        int pieces = data.consumeInt(0, 4);
        try {
          for (int i = 0; i < pieces; i++) {
            inflater.feed(ByteBuffer.wrap(data.consumeBytes(data.consumeInt(0, 512))), LIMIT);
          }
          byte[] message = inflater.finish(LIMIT);
          assertTrue(message.length <= LIMIT, "inflated to " + message.length);
        } catch (ProtocolException e) {
          int code = e.closeCode();
          assertTrue(code == 1007 || code == 1009, "close code " + code);
        }
        assertTrue(inflater.heldBytes() == 0, "held after a message: " + inflater.heldBytes());
      }
    } finally {
      inflater.close();
    }
  }
}
