package dev.ippo.cli.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ippo.Await;
import dev.ippo.RawPeer;
import dev.ippo.WebSocketServer;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chat under load: five members say lines and show pictures all at once in one room, and
 * a sixth never reads. Every member who reads hears every line of every member, each
 * sender's in the order said; the one who never reads is dropped as too slow, and is told:
 * its connection ends, so it knows it missed what came after.
 */
class ChatUnderLoadTest {
  private static final int MEMBERS = 5;
  private static final int LINES = 40;
  private static final int PICTURES = 8;

  private WebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyLineReachesEveryMemberWhoReadsAndTheOneDroppedIsTold() throws Exception {
    server = ChatService.configure(WebSocketServer.builder().host("127.0.0.1").port(0)).build();
    ChatService.serve(server, new PrintStream(PrintStream.nullOutputStream()),
        Clock.systemUTC(), FakeTicker.generous());
    server.start();
    int port = server.port();

    try (Socket deaf = deafMember(port)) {
      List<ChatClient> members = new ArrayList<>();
      for (int i = 0; i < MEMBERS; i++) {
        members.add(ChatClient.joined(port, "m" + i));
      }
      byte[] picture = picture();
      ExecutorService pool = Executors.newFixedThreadPool(2 * MEMBERS);
      try {
        List<Future<?>> talking = new ArrayList<>();
        List<Future<Map<String, List<String>>>> hearing = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
          ChatClient member = members.get(i);
          String name = "m" + i;
          talking.add(pool.submit(() -> {
            for (int line = 0; line < LINES; line++) {
              member.say(name + "#" + line);
              if (line % (LINES / PICTURES) == 0) {
                member.send(picture);
              }
            }
            return null;
          }));
          hearing.add(pool.submit(() -> linesHeard(member)));
        }
        for (Future<?> t : talking) {
          t.get(30, TimeUnit.SECONDS);
        }
        for (Future<Map<String, List<String>>> h : hearing) {
          Map<String, List<String>> heard = h.get(30, TimeUnit.SECONDS);
          for (int i = 0; i < MEMBERS; i++) {
            String name = "m" + i;
            assertEquals(expectedLines(name), heard.get(name), "what was heard of " + name);
          }
        }
      } finally {
        pool.shutdownNow();
      }

      Await.until("the member who never reads to be dropped",
          () -> server.stats().queues().slowConsumerCloses() == 1);
      deaf.setSoTimeout(10_000);
      InputStream in = deaf.getInputStream();
      byte[] drain = new byte[64 * 1024];
      long read = 0;
      for (int n; (n = in.read(drain)) >= 0; ) {
        read += n; // what the kernel still held for it, then the end of the stream
      }
      assertTrue(read > 0, "it was sent something before it was dropped");
      for (ChatClient member : members) {
        member.close();
      }
    }
  }

  /** Reads until every member's lines came, as sender name to its lines in order. */
  private static Map<String, List<String>> linesHeard(ChatClient member) throws Exception {
    Map<String, List<String>> heard = new HashMap<>();
    int total = 0;
    while (total < MEMBERS * LINES) {
      Object next = member.next();
      if (!(next instanceof String text)) {
        continue; // a picture's bytes
      }
      JsonNode message = ChatClient.JSON.readTree(text);
      if (message.path("type").asText().equals("message")) {
        heard.computeIfAbsent(message.path("name").asText(), n -> new ArrayList<>())
            .add(message.path("text").asText());
        total++;
      }
    }
    return heard;
  }

  private static List<String> expectedLines(String name) {
    List<String> lines = new ArrayList<>();
    for (int line = 0; line < LINES; line++) {
      lines.add(name + "#" + line);
    }
    return lines;
  }

  /** A 128 KiB PNG as the chat's sniffer knows one: its signature, then anything. */
  private static byte[] picture() {
    byte[] png = new byte[128 * 1024];
    byte[] signature = Pictures.encoded("png");
    System.arraycopy(signature, 0, png, 0, Math.min(signature.length, png.length));
    Arrays.fill(png, signature.length, png.length, (byte) 7);
    return png;
  }

  /**
   * Joins the lobby as "deaf" through a 2 KiB receive buffer and reads nothing after the
   * upgrade's answer: what the room says piles up at the server.
   */
  private static Socket deafMember(int port) throws Exception {
    Socket s = new Socket();
    s.setReceiveBufferSize(2048);
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    s.setSoTimeout(5000);
    RawPeer.upgrade(s, ChatService.ENDPOINT);
    s.getOutputStream().write(maskedText("{\"type\":\"join\",\"name\":\"deaf\"}"));
    return s;
  }

  /** A client's text frame with a zero mask key, for a payload under 126 bytes. */
  private static byte[] maskedText(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[6 + payload.length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | payload.length);
    System.arraycopy(payload, 0, frame, 6, payload.length);
    return frame;
  }
}
