package dev.ippo.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ippo.CloseCode;
import dev.ippo.internal.codec.FrameReader;
import dev.ippo.internal.codec.MemoryBudget;
import dev.ippo.internal.codec.MessageInflater;
import dev.ippo.internal.codec.ProtocolException;
import dev.ippo.internal.codec.Role;
import dev.ippo.internal.codec.ZlibPool;
import java.nio.ByteBuffer;

/**
 * The frame reader, fed a peer's bytes in the splits the fuzzer chooses, for either role and
 * with or without permessage-deflate:
 * nothing escapes but the documented protocol error, every close code it reports is one the
 * RFC lets a peer send or 1005, and it never holds more than twice what it was given.
 */
class FrameReaderFuzzTest {
  private static final long MAX_PAYLOAD = 64 * 1024;
  private static final ZlibPool POOL = new ZlibPool(6, 4);

  /** Checks what the reader reports as it reports it. */
  private static final class Checks implements FrameReader.Sink {
    boolean ended;

    @Override
    public void onMessage(ByteBuffer payload, boolean text) {
      assertTrue(!ended && payload.remaining() <= MAX_PAYLOAD, "message after the end or too big");
    }

    @Override
    public void onPing(ByteBuffer payload) {
      assertTrue(payload.remaining() <= 125, "control payload over 125 bytes");
    }

    @Override
    public void onPong(ByteBuffer payload) {
      assertTrue(payload.remaining() <= 125, "control payload over 125 bytes");
    }

    @Override
    public void onClose(int code, String reason) {
      assertTrue(code == CloseCode.NO_STATUS || (code >= 1000 && code < 5000 && code != 1004
          && code != 1005 && code != 1006 && code != 1015), "close code " + code);
      ended = true;
    }

    @Override
    public void onProtocolError(ProtocolException error) {
      int code = error.closeCode();
      assertTrue(code == 1002 || code == 1007 || code == 1009, "error close code " + code);
      ended = true;
    }
  }

  @FuzzTest(maxDuration = "60m")
  void framesInAnySplit(FuzzedDataProvider data) {
    read(data, false);
  }

  /** The same, with permessage-deflate agreed: RSV1 marks compressed messages. */
  @FuzzTest(maxDuration = "60m")
  void compressedFramesInAnySplit(FuzzedDataProvider data) {
    read(data, true);
  }

  private static void read(FuzzedDataProvider data, boolean deflate) {
    Role role = data.consumeBoolean() ? Role.SERVER : Role.CLIENT;
    MemoryBudget budget = new MemoryBudget(1 << 20);
    Checks checks = new Checks();
    FrameReader reader = new FrameReader(role, MAX_PAYLOAD, budget, checks);
    MessageInflater inflater = deflate ? new MessageInflater(POOL, data.consumeBoolean()) : null;
    if (inflater != null) {
      reader.inflateWith(inflater);
    }
    long given = 0;
    while (data.remainingBytes() > 0) {
      byte[] piece = data.consumeBytes(data.consumeInt(1, 4096));
      given += piece.length;
      ByteBuffer buf = ByteBuffer.wrap(piece);
      reader.read(buf);
      assertTrue(!buf.hasRemaining(), "the reader consumes all it is given");
      assertTrue(reader.heldBytes() <= Math.max(4096, 2 * given), "held " + reader.heldBytes());
      assertTrue(budget.used() == reader.heldBytes(), "the budget follows what is held");
    }
    reader.discard();
    assertTrue(budget.used() == 0, "a discarded reader gives everything back");
    if (inflater != null) {
      inflater.close();
    }
  }
}
