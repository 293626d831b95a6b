package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Ippo's deflating server puts on the wire, seen by a raw socket that deflates and
 * inflates with plain java.util.zip: compressed frames really are compressed, and an
 * inflated size past maxPayload is refused although the frame itself is small.
 */
class DeflateWireTest {
  private WebSocketServer server;

  @BeforeEach
  void start() throws Exception {
    server = WebSocketServer.builder().host("127.0.0.1").port(0)
        .perMessageDeflate(true).maxPayload(64 * 1024).build();
    server.onConnection((ws, request) -> ws.onMessage(e -> ws.send(e.text())));
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A frame as read: first byte and unmasked payload. */
  private record Frame(int b0, byte[] payload) {
    boolean rsv1() {
      return (b0 & 0x40) != 0;
    }
  }

  private Socket open(DataInputStream[] in) throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(5000);
    s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    in[0] = new DataInputStream(s.getInputStream());
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in[0].readUnsignedByte());
    }
    assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
    assertTrue(head.toString().contains("Sec-WebSocket-Extensions: permessage-deflate\r\n"),
        head.toString());
    return s;
  }

  private static void send(OutputStream out, int b0, byte[] payload) throws IOException {
    byte[] header = payload.length < 126
        ? new byte[] {(byte) b0, (byte) (0x80 | payload.length)}
        : new byte[] {(byte) b0, (byte) (0x80 | 126), (byte) (payload.length >> 8),
            (byte) payload.length};
    out.write(header);
    out.write(new byte[4]); // a zero mask key leaves the payload as it is
    out.write(payload);
  }

  private static Frame read(DataInputStream in) throws IOException {
    int b0 = in.readUnsignedByte();
    int length = in.readUnsignedByte() & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = (int) in.readLong();
    }
    byte[] payload = new byte[length];
    in.readFully(payload);
    return new Frame(b0, payload);
  }

  private static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(6, true);
    d.setInput(data);
    byte[] out = new byte[data.length + 1024];
    int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
    d.end();
    return Arrays.copyOf(out, n - 4);
  }

  private static byte[] inflate(byte[] data) throws Exception {
    Inflater i = new Inflater(true);
    byte[] in = Arrays.copyOf(data, data.length + 4);
    in[data.length + 2] = (byte) 0xff;
    in[data.length + 3] = (byte) 0xff;
    i.setInput(in);
    byte[] out = new byte[1 << 20];
    int n = i.inflate(out);
    i.end();
    return Arrays.copyOf(out, n);
  }

  @Test
  void aCompressedTextComesBackCompressedAndSmaller() throws Exception {
    DataInputStream[] in = new DataInputStream[1];
    try (Socket s = open(in)) {
      byte[] text = "hello hello hello hello ".repeat(200).getBytes(StandardCharsets.UTF_8);
      send(s.getOutputStream(), 0x80 | 0x40 | 0x1, deflate(text));
      Frame echo = read(in[0]);
      assertEquals(0x1, echo.b0() & 0x0f);
      assertTrue(echo.rsv1(), "the echo is compressed");
      assertTrue(echo.payload().length < text.length / 10, "size " + echo.payload().length);
      assertArrayEquals(text, inflate(echo.payload()));
    }
  }

  @Test
  void aSmallFrameInflatingPastMaxPayloadIs1009() throws Exception {
    DataInputStream[] in = new DataInputStream[1];
    try (Socket s = open(in)) {
      byte[] bomb = deflate(new byte[2 << 20]); // 2 MiB of zeros, about 2 KiB deflated
      assertTrue(bomb.length < 64 * 1024);
      send(s.getOutputStream(), 0x80 | 0x40 | 0x2, bomb);
      Frame close = read(in[0]);
      assertEquals(0x8, close.b0() & 0x0f);
      assertEquals(1009, ((close.payload()[0] & 0xff) << 8) | (close.payload()[1] & 0xff));
    }
  }

  @Test
  void corruptDataIs1007AndInvalidInflatedUtf8Is1007() throws Exception {
    for (byte[] payload : new byte[][] {{(byte) 0xff, 1, 2, 3},
        deflate(new byte[] {'a', (byte) 0xc3, 'b'})}) {
      DataInputStream[] in = new DataInputStream[1];
      try (Socket s = open(in)) {
        send(s.getOutputStream(), 0x80 | 0x40 | 0x1, payload);
        Frame close = read(in[0]);
        assertEquals(0x8, close.b0() & 0x0f);
        assertEquals(1007, ((close.payload()[0] & 0xff) << 8) | (close.payload()[1] & 0xff));
      }
    }
  }
}
