package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Options built once stay as built: the builder's later calls do not reach them. */
class OptionsImmutabilityTest {

  @Test
  void aHeaderAddedAfterBuildDoesNotChangeOptionsAlreadyBuilt() {
    WebSocketOptions.Builder builder = WebSocketOptions.builder().header("Origin", "https://a");
    WebSocketOptions built = builder.build();
    builder.header("Authorization", "Bearer late");
    assertNull(built.headers().get("Authorization"));
    assertEquals("https://a", built.headers().get("Origin"));
    assertThrows(UnsupportedOperationException.class, () -> built.headers().add("X", "1"));
  }
}
