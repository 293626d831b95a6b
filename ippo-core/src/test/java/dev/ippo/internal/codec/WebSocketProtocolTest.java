package dev.ippo.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WebSocketProtocolTest {

  @Test
  void acceptKeyOfTheRfcExample() {
    assertEquals(
        "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketProtocol.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
  }

  @Test
  void closeCodesThatMayBeSent() {
    for (int code = 0; code < 70000; code++) {
      boolean expected =
          (code >= 1000 && code <= 1003)
              || (code >= 1007 && code <= 1014)
              || (code >= 3000 && code <= 4999);
      assertEquals(expected, WebSocketProtocol.isValidCloseCode(code), "code " + code);
    }
    assertFalse(WebSocketProtocol.isValidCloseCode(-1000));
    assertTrue(WebSocketProtocol.isValidCloseCode(1000));
    assertFalse(WebSocketProtocol.isValidCloseCode(1005));
  }

  @Test
  void controlOpcodes() {
    assertFalse(WebSocketProtocol.isControl(WebSocketProtocol.OPCODE_TEXT));
    assertTrue(WebSocketProtocol.isControl(WebSocketProtocol.OPCODE_CLOSE));
    assertTrue(WebSocketProtocol.isControl(WebSocketProtocol.OPCODE_PONG));
  }
}
