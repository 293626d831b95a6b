package dev.ippo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.MessageEvent;
import dev.ippo.WebSocket;
import dev.ippo.WebSocketOptions;
import dev.ippo.internal.codec.FrameWriter;
import dev.ippo.internal.codec.WebSocketProtocol;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * {@code ippo echo --deflate}: the extension is agreed with a client that offers it, and a
 * compressed message comes back compressed. Every wait is bounded by 5 seconds.
 */
class EchoDeflateTest {
  private static final long WAIT_SECONDS = 5;
  /** Over the 1 KiB threshold of {@code PerMessageDeflate.DEFAULTS}, so it goes compressed. */
  private static final String JSON = "{\"user\":\"zoë\",\"text\":\"hello, 世界\",\"seq\":1}, "
      .repeat(60);

  private final CapturedOutput out = new CapturedOutput();

  private RunningServer start(String... args) throws Exception {
    EchoCommand echo = new EchoCommand();
    return echo.start("127.0.0.1", 0, OptionParser.parse(echo.options(), List.of(args)),
        out.stream());
  }

  @Test
  void helpListsTheFlag() {
    assertTrue(new EchoCommand().options().contains(EchoCommand.DEFLATE));
  }

  @Test
  void ipposClientAgreesOnDeflateAndGetsItsMessageBack() throws Exception {
    try (RunningServer server = start("--deflate")) {
      assertEquals(List.of(JSON, JSON), echoWithIpposClient(server, true));
    }
  }

  @Test
  void withoutTheFlagNothingIsAgreed() throws Exception {
    try (RunningServer server = start()) {
      assertEquals(List.of(JSON, JSON), echoWithIpposClient(server, false));
    }
  }

  /**
   * Connects Ippo's client (which offers permessage-deflate by default), checks whether the
   * extension was agreed, sends {@link #JSON} twice and returns what came back.
   */
  private static List<String> echoWithIpposClient(RunningServer server, boolean agreed)
      throws Exception {
    CompletableFuture<Void> opened = new CompletableFuture<>();
    BlockingQueue<MessageEvent> messages = new LinkedBlockingQueue<>();
    WebSocket ws = new WebSocket(URI.create(server.url()), WebSocketOptions.builder().build());
    ws.onOpen(e -> opened.complete(null));
    ws.onMessage(messages::add);
    try {
      opened.get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertEquals(agreed, ws.extensions().startsWith("permessage-deflate"), ws.extensions());
      ws.send(JSON);
      ws.send(JSON);
      List<String> echoed = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        MessageEvent e = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(e, "no echo within " + WAIT_SECONDS + " s");
        echoed.add(e.text());
      }
      return echoed;
    } finally {
      ws.terminate();
    }
  }

  @Test
  void compressedFrameComesBackCompressed() throws Exception {
    try (RunningServer server = start("--deflate");
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      OutputStream to = socket.getOutputStream();
      DataInputStream from = new DataInputStream(socket.getInputStream());
      to.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String head = readHead(from);
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
      assertTrue(head.toLowerCase().contains("\r\nsec-websocket-extensions: permessage-deflate"),
          head);

      byte[] message = JSON.getBytes(StandardCharsets.UTF_8);
      Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
      Inflater inflater = new Inflater(true);
      try {
        // Twice: the second message is deflated and inflated on both ends with the first's
        // window (context takeover, the default).
        for (int i = 0; i < 2; i++) {
          byte[] compressed = deflate(deflater, message);
          ByteBuffer frame = FrameWriter.frame(WebSocketProtocol.OPCODE_TEXT, true, true,
              ByteBuffer.wrap(compressed), true, 0x12345678);
          to.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());

          int first = from.readUnsignedByte();
          assertEquals(0x80 | 0x40 | WebSocketProtocol.OPCODE_TEXT, first,
              "FIN, RSV1 (compressed) and text expected, got 0x" + Integer.toHexString(first));
          byte[] payload = readUnmaskedPayload(from);
          assertTrue(payload.length < message.length / 4,
              "the echo should be compressed: " + payload.length + " bytes");
          assertEquals(JSON, new String(inflate(inflater, payload), StandardCharsets.UTF_8));
        }
      } finally {
        deflater.end();
        inflater.end();
      }
    }
  }

  /** The frame's payload after its second header byte: no mask (server), 7/16/64-bit length. */
  private static byte[] readUnmaskedPayload(DataInputStream from) throws IOException {
    int second = from.readUnsignedByte();
    assertEquals(0, second & 0x80, "a server's frame is not masked");
    long length = second & 0x7f;
    if (length == 126) {
      length = from.readUnsignedShort();
    } else if (length == 127) {
      length = from.readLong();
    }
    byte[] payload = new byte[Math.toIntExact(length)];
    from.readFully(payload);
    return payload;
  }

  private static String readHead(DataInputStream from) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      head.write(from.readUnsignedByte());
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** RFC 7692 7.2.1: a sync flush, without its final 00 00 ff ff. */
  private static byte[] deflate(Deflater deflater, byte[] message) {
    deflater.setInput(message);
    byte[] out = new byte[message.length + 64];
    int length = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
    assertTrue(length < out.length && length > 4);
    return Arrays.copyOf(out, length - 4);
  }

  /** RFC 7692 7.2.2: the payload and 00 00 ff ff through a raw inflater. */
  private static byte[] inflate(Inflater inflater, byte[] payload) throws Exception {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    for (byte[] input : List.of(payload, new byte[] {0, 0, (byte) 0xff, (byte) 0xff})) {
      inflater.setInput(input);
      int n;
      while ((n = inflater.inflate(chunk)) > 0) {
        message.write(chunk, 0, n);
      }
    }
    return message.toByteArray();
  }
}
