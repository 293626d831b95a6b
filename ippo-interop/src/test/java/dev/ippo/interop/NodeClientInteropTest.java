package dev.ippo.interop;

import static dev.ippo.interop.InteropData.FRAGMENTED_TEXT;
import static dev.ippo.interop.InteropData.SIXTEEN_MIB;
import static dev.ippo.interop.InteropData.UNICODE_TEXT;
import static dev.ippo.interop.InteropData.pattern;
import static dev.ippo.interop.InteropData.sha256;
import static dev.ippo.interop.InteropData.utf8Length;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.CloseEvent;
import dev.ippo.WebSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Node's {@code ws} as the client ({@code ws-client.js}), an Ippo server in this JVM. */
@Timeout(60)
class NodeClientInteropTest {
  private static final long WAIT = 30;

  @Test
  void everyMessageKindEchoesIntact() throws Exception {
    try (IppoTestServer server = IppoTestServer.start()) {
      Map<String, JsonLine> r = WsClientScript.run(WAIT, server.url("/echo"), "echo");

      assertText(r.get("text"), "hello ippo");
      assertText(r.get("text-unicode"), UNICODE_TEXT);
      assertBinary(r.get("binary"), new byte[] {0, 1, 2, (byte) 0xfe, (byte) 0xff});
      assertText(r.get("empty-text"), "");
      assertBinary(r.get("empty-binary"), new byte[0]);
      for (int size : InteropData.BOUNDARY_SIZES) {
        assertBinary(r.get("binary-" + size), pattern(size));
      }
      assertBinary(r.get("binary-" + SIXTEEN_MIB), pattern(SIXTEEN_MIB));
      assertText(r.get("text-65536"), "x".repeat(65536));
      assertText(r.get("fragmented-text"), FRAGMENTED_TEXT);
      assertEquals("between", r.get("pong-between").string("payload"));
      assertBinary(r.get("fragmented-binary"), pattern(3000));
      assertEquals("ping-payload", r.get("pong").string("payload"));
      assertEquals(0, r.get("pong-empty").number("length"));
      assertEquals(1000, r.get("close").number("code"), "the code of Ippo's answering close");
      assertEquals(List.of("text", "text-unicode", "binary", "empty-text", "empty-binary",
          "binary-125", "binary-126", "binary-65535", "binary-65536", "binary-16777216",
          "text-65536", "fragmented-text", "pong-between", "fragmented-binary", "pong",
          "pong-empty", "close"), List.copyOf(r.keySet()));

      CloseEvent close = server.nextClose(WAIT);
      assertEquals(1000, close.code());
      assertEquals("done", close.reason());
      assertTrue(close.wasClean());
    }
  }

  @Test
  void defaultHandleProtocolsChoosesTheFirstOffered() throws Exception {
    try (IppoTestServer server = IppoTestServer.start()) {
      Map<String, JsonLine> r =
          WsClientScript.run(WAIT, server.url("/"), "protocol", "chat,superchat");

      assertEquals("chat", r.get("protocol").string("protocol"));
      assertEquals("chat", server.nextConnection(WAIT).protocol());
      assertEquals(1000, server.nextClose(WAIT).code());
    }
  }

  @Test
  void handleProtocolsChoosesAnother() throws Exception {
    try (IppoTestServer server = IppoTestServer.start(o -> o.handleProtocols(
        (offered, request) -> offered.contains("superchat") ? "superchat" : null))) {
      Map<String, JsonLine> r =
          WsClientScript.run(WAIT, server.url("/"), "protocol", "chat,superchat");

      assertEquals("superchat", r.get("protocol").string("protocol"));
      assertEquals("superchat", server.nextConnection(WAIT).protocol());
    }
  }

  @ParameterizedTest
  @CsvSource({"1000, client bye", "4999, r\u00e9sum\u00e9 \u2713"})
  void clientClosesWithCodeAndReason(int code, String reason) throws Exception {
    try (IppoTestServer server = IppoTestServer.start()) {
      Map<String, JsonLine> r = WsClientScript.run(WAIT, server.url("/"), "client-close",
          String.valueOf(code), InteropData.percentEncode(reason));

      CloseEvent close = server.nextClose(WAIT);
      assertEquals(code, close.code());
      assertEquals(reason, close.reason());
      assertTrue(close.wasClean());
      assertEquals(code, r.get("close").number("code"), "ws saw Ippo's answer echo the code");
    }
  }

  @Test
  void serverClosesWithCodeAndReason() throws Exception {
    try (IppoTestServer server = IppoTestServer.start()) {
      Map<String, JsonLine> r = WsClientScript.run(WAIT, server.url("/close-4000"), "await-close");

      assertEquals(4000, r.get("close").number("code"));
      assertEquals(IppoTestServer.SERVER_CLOSE_REASON, r.get("close").string("reason"));
      CloseEvent close = server.nextClose(WAIT);
      assertEquals(4000, close.code(), "ws answers with the code it received");
      assertEquals(IppoTestServer.SERVER_CLOSE_REASON, close.reason(), "ws echoes the reason too");
      assertTrue(close.wasClean());
    }
  }

  @Test
  void serverTerminateIsAbnormalForTheClient() throws Exception {
    try (IppoTestServer server = IppoTestServer.start()) {
      Map<String, JsonLine> r = WsClientScript.run(WAIT, server.url("/terminate"), "await-close");

      assertEquals(1006, r.get("close").number("code"));
      assertEquals("", r.get("close").string("reason"));
      CloseEvent close = server.nextClose(WAIT);
      assertEquals(1006, close.code());
      assertFalse(close.wasClean());
    }
  }

  @Test
  void clientTerminateIsAbnormalForTheServer() throws Exception {
    try (IppoTestServer server = IppoTestServer.start()) {
      Map<String, JsonLine> r = WsClientScript.run(WAIT, server.url("/"), "client-terminate");

      assertText(r.get("text"), "hello");
      assertEquals(1006, r.get("close").number("code"));
      CloseEvent close = server.nextClose(WAIT);
      assertEquals(1006, close.code());
      assertEquals("", close.reason());
      assertFalse(close.wasClean());
      WebSocket ws = close.target();
      assertEquals(WebSocket.CLOSED, ws.readyState().value());
    }
  }

  private static void assertText(JsonLine line, String expected) {
    assertFalse(line.bool("binary"), line + " should be text");
    assertEquals(utf8Length(expected), line.number("length"), line.toString());
    assertEquals(sha256(expected), line.string("sha256"), line.toString());
    if (line.has("text")) {
      assertEquals(expected, line.string("text"));
    }
  }

  private static void assertBinary(JsonLine line, byte[] expected) {
    assertTrue(line.bool("binary"), line + " should be binary");
    assertEquals(expected.length, line.number("length"), line.toString());
    assertEquals(sha256(expected), line.string("sha256"), line.toString());
  }
}
