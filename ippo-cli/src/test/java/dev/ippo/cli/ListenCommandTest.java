package dev.ippo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListenCommandTest {
  private final CapturedOutput out = new CapturedOutput();
  private RunningServer server;

  @BeforeEach
  void start() throws Exception {
    server = new ListenCommand().start("127.0.0.1", 0, out.stream());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void printsEveryMessageAndNothingElse() throws Exception {
    assertEquals("ippo listen listening on ws://127.0.0.1:" + server.port() + "/",
        out.nextLine());
    try (TestClient client = TestClient.connect(server.port())) {
      client.send("hello");
      assertEquals("received: hello", out.nextLine());
      client.send(new byte[] {1, 2, 3});
      assertEquals("received: 3 bytes", out.nextLine());
    }
    // The close handshake is over: a line about it would be here by now.
    assertEquals(List.of(), out.remainingLines());
  }
}
