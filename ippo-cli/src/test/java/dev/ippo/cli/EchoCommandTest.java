package dev.ippo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EchoCommandTest {
  private final CapturedOutput out = new CapturedOutput();
  private RunningServer server;

  @BeforeEach
  void start() throws Exception {
    server = new EchoCommand().start("127.0.0.1", 0, out.stream());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void firstLineSaysWhereItListens() throws Exception {
    assertEquals("ippo echo listening on ws://127.0.0.1:" + server.port() + "/", out.nextLine());
  }

  @Test
  void echoesTextAndBinaryUnchangedAndLogsOpenAndClose() throws Exception {
    out.nextLine();
    byte[] bytes = {0, 1, 2, (byte) 0xff, (byte) 0x80};
    try (TestClient client = TestClient.connect(server.port())) {
      String open = out.nextLine();
      assertTrue(open.matches("open 127\\.0\\.0\\.1:\\d+"), open);

      client.send("héllo, 世界");
      assertEquals("héllo, 世界", client.next());
      client.send(bytes);
      assertArrayEquals(bytes, (byte[]) client.next());
      client.send("");
      assertEquals("", client.next());

      client.close();
      String peer = open.substring("open ".length());
      assertEquals("close " + peer + " 1000 bye", out.nextLine());
    }
  }
}
