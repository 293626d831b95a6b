package dev.ippo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BroadcastCommandTest {
  private final CapturedOutput out = new CapturedOutput();
  private RunningServer server;

  @BeforeEach
  void start() throws Exception {
    server = new BroadcastCommand().start("127.0.0.1", 0, out.stream());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyMessageReachesEveryClientSenderIncluded() throws Exception {
    assertEquals("ippo broadcast listening on ws://127.0.0.1:" + server.port() + "/",
        out.nextLine());
    try (TestClient alice = TestClient.connect(server.port())) {
      // A client's own message coming back proves the server counts it among its clients.
      alice.send("alice joined");
      assertEquals("alice joined", alice.next());
      try (TestClient bob = TestClient.connect(server.port())) {
        bob.send("bob joined");
        assertEquals("bob joined", bob.next());
        assertEquals("bob joined", alice.next());

        alice.send("hello");
        assertEquals("hello", alice.next());
        assertEquals("hello", bob.next());
        bob.send(new byte[] {7, 8});
        assertArrayEquals(new byte[] {7, 8}, (byte[]) bob.next());
        assertArrayEquals(new byte[] {7, 8}, (byte[]) alice.next());
      }
    }
    assertEquals("received: alice joined", out.nextLine());
    assertEquals("received: bob joined", out.nextLine());
    assertEquals("received: hello", out.nextLine());
    assertEquals("received: 2 bytes", out.nextLine());
  }
}
