package dev.ippo.cli.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ippo.WebSocketServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The chat over real sockets, on 127.0.0.1 and a free port, with its clocks faked. */
class ChatEndToEndTest {
  private static final long T = 1_700_000_000_000L;

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private WebSocketServer server;

  private int start(FakeTicker ticker) throws Exception {
    server = ChatService.configure(WebSocketServer.builder().host("127.0.0.1").port(0)).build();
    ChatService.serve(server, new PrintStream(logBytes, true, StandardCharsets.UTF_8),
        Clock.fixed(Instant.ofEpochMilli(T), ZoneOffset.UTC), ticker);
    server.start();
    return server.port();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** What the chat logged so far (ByteArrayOutputStream is synchronized). */
  private String log() {
    return logBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void twoClientsJoinAndSeeEachOthersMessages() throws Exception {
    int port = start(FakeTicker.generous());
    try (ChatClient alice = ChatClient.connect(port); ChatClient bob = ChatClient.connect(port)) {
      alice.send("{\"type\":\"join\",\"name\":\"  alice \"}");
      alice.expect(
          "{\"type\":\"welcome\",\"name\":\"alice\",\"room\":\"lobby\","
          + "\"users\":[\"alice\"],\"history\":[]}");
      alice.expect("{\"type\":\"join\",\"name\":\"alice\",\"time\":" + T + "}");
      alice.expect("{\"type\":\"users\",\"users\":[\"alice\"]}");

      bob.send("{\"type\":\"join\",\"name\":\"bob\"}");
      bob.expect("{\"type\":\"welcome\",\"name\":\"bob\",\"room\":\"lobby\","
          + "\"users\":[\"alice\",\"bob\"],"
          + "\"history\":[{\"type\":\"join\",\"name\":\"alice\",\"time\":" + T + "}]}");
      for (ChatClient c : new ChatClient[] {alice, bob}) {
        c.expect("{\"type\":\"join\",\"name\":\"bob\",\"time\":" + T + "}");
        c.expect("{\"type\":\"users\",\"users\":[\"alice\",\"bob\"]}");
      }

      alice.send("{\"type\":\"message\",\"text\":\"  hello bob  \"}");
      String hello = "{\"type\":\"message\",\"name\":\"alice\",\"text\":\"hello bob\",\"time\":"
          + T + "}";
      alice.expect(hello);
      bob.expect(hello);
      bob.say("hi alice");
      String hi =
          "{\"type\":\"message\",\"name\":\"bob\",\"text\":\"hi alice\",\"time\":" + T + "}";
      bob.expect(hi);
      alice.expect(hi);
    }
  }

  @Test
  void welcomeCarriesUsersAndTheLast50Entries() throws Exception {
    int port = start(FakeTicker.generous());
    try (ChatClient alice = ChatClient.joined(port, "alice")) {
      alice.nextJson(); // her join
      alice.nextJson(); // users
      for (int i = 0; i < 60; i++) {
        alice.say("message " + i);
      }
      for (int i = 0; i < 60; i++) {
        assertEquals("message " + i, alice.nextJson().get("text").textValue());
      }
      try (ChatClient carol = ChatClient.connect(port)) {
        carol.sendJson(Map.of("type", "join", "name", "carol"));
        JsonNode welcome = carol.nextJson();
        assertEquals(ChatClient.JSON.readTree("[\"alice\",\"carol\"]"), welcome.get("users"));
        JsonNode history = welcome.get("history");
        assertEquals(50, history.size());
        // 61 entries (alice's join, 60 messages): the oldest 11 are forgotten.
        for (int i = 0; i < 50; i++) {
          assertEquals(ChatClient.JSON.readTree("{\"type\":\"message\",\"name\":\"alice\","
              + "\"text\":\"message " + (i + 10) + "\",\"time\":" + T + "}"), history.get(i));
        }
      }
    }
  }

  @Test
  void joinsAndLeavesAreAnnouncedWithTheUsers() throws Exception {
    int port = start(FakeTicker.generous());
    try (ChatClient alice = ChatClient.joined(port, "alice")) {
      alice.nextJson();
      alice.nextJson();
      ChatClient bob = ChatClient.joined(port, "Bob");
      alice.expect("{\"type\":\"join\",\"name\":\"Bob\",\"time\":" + T + "}");
      alice.expect("{\"type\":\"users\",\"users\":[\"alice\",\"Bob\"]}");
      bob.close();
      alice.expect("{\"type\":\"leave\",\"name\":\"Bob\",\"time\":" + T + "}");
      alice.expect("{\"type\":\"users\",\"users\":[\"alice\"]}");

      // The name is free again, and the history tells the newcomer what happened.
      try (ChatClient bob2 = ChatClient.connect(port)) {
        bob2.sendJson(Map.of("type", "join", "name", "bob"));
        bob2.expect("{\"type\":\"welcome\",\"name\":\"bob\",\"room\":\"lobby\","
          + "\"users\":[\"alice\",\"bob\"],"
            + "\"history\":[{\"type\":\"join\",\"name\":\"alice\",\"time\":" + T + "},"
            + "{\"type\":\"join\",\"name\":\"Bob\",\"time\":" + T + "},"
            + "{\"type\":\"leave\",\"name\":\"Bob\",\"time\":" + T + "}]}");
      }
    }
    String log = log();
    assertTrue(log.contains("chat: join Bob in lobby from 127.0.0.1:"), log);
    assertTrue(log.contains("chat: leave Bob in lobby from 127.0.0.1:"), log);
  }

  @Test
  void aPictureGoesToEveryoneAsItsJsonThenItsBytes() throws Exception {
    int port = start(FakeTicker.generous());
    byte[] png = Pictures.encoded("png");
    try (ChatClient alice = ChatClient.joined(port, "alice")) {
      alice.nextJson();
      alice.nextJson();
      try (ChatClient bob = ChatClient.joined(port, "bob")) {
        bob.nextJson();
        bob.nextJson();
        alice.nextJson();
        alice.nextJson();

        bob.send(png);
        for (ChatClient c : new ChatClient[] {alice, bob}) {
          c.expect("{\"type\":\"image\",\"name\":\"bob\",\"mime\":\"image/png\",\"size\":"
              + png.length + ",\"time\":" + T + "}");
          assertArrayEquals(png, c.nextBinary());
        }
        // Pictures are not kept: a newcomer's history has the joins only.
        try (ChatClient carol = ChatClient.connect(port)) {
          carol.sendJson(Map.of("type", "join", "name", "carol"));
          JsonNode history = carol.nextJson().get("history");
          assertEquals(2, history.size(), history.toString());
          assertEquals("join", history.get(1).get("type").textValue());
        }
      }
    }
  }

  @Test
  void hostileMessagesGetErrorsAndHurtNobody() throws Exception {
    int port = start(FakeTicker.generous());
    try (ChatClient alice = ChatClient.joined(port, "alice");
        ChatClient bob = ChatClient.joined(port, "bob")) {
      alice.nextJson(); // join alice
      alice.nextJson(); // users
      alice.nextJson(); // join bob
      alice.nextJson(); // users
      bob.nextJson();
      bob.nextJson();

      alice.send("{not json");
      alice.expectError(ErrorCode.INVALID_JSON);
      alice.send("[\"type\",\"message\"]");
      alice.expectError(ErrorCode.INVALID_JSON);
      alice.send("{\"type\":\"dance\"}");
      alice.expectError(ErrorCode.UNKNOWN_TYPE);
      alice.send("{\"text\":\"no type\"}");
      alice.expectError(ErrorCode.MISSING_FIELD);
      alice.send("{\"type\":\"message\"}");
      alice.expectError(ErrorCode.MISSING_FIELD);
      alice.send("{\"type\":\"message\",\"text\":\" \\t \"}");
      alice.expectError(ErrorCode.TEXT_INVALID);
      alice.send("{\"type\":\"join\",\"name\":\"alice2\"}");
      alice.expectError(ErrorCode.ALREADY_JOINED);
      // 1 MiB of text: under the frame limit, far over the chat's.
      char[] big = new char[1024 * 1024];
      Arrays.fill(big, 'x');
      alice.say(new String(big));
      alice.expectError(ErrorCode.TEXT_TOO_LONG);
      alice.send("not a picture".getBytes(StandardCharsets.UTF_8));
      alice.expectError(ErrorCode.NOT_AN_IMAGE);
      byte[] huge = Arrays.copyOf(Pictures.encoded("png"), ChatSession.MAX_PICTURE_BYTES + 1);
      alice.send(huge);
      alice.expectError(ErrorCode.IMAGE_TOO_LARGE);

      // Still open, still chatting; bob saw none of it: his next message is this one.
      assertTrue(alice.isOpen());
      alice.say("still here");
      String stillHere = "{\"type\":\"message\",\"name\":\"alice\",\"text\":\"still here\","
          + "\"time\":" + T + "}";
      alice.expect(stillHere);
      bob.expect(stillHere);
      bob.say("good");
      alice.expect("{\"type\":\"message\",\"name\":\"bob\",\"text\":\"good\",\"time\":" + T + "}");
    }
    assertTrue(log().contains("chat: error text_too_long to alice from 127.0.0.1:"), log());
  }

  @Test
  void whoHasNotJoinedCanOnlyJoinUnderAFreeValidName() throws Exception {
    int port = start(FakeTicker.generous());
    try (ChatClient alice = ChatClient.joined(port, "alice");
        ChatClient eve = ChatClient.connect(port)) {
      eve.say("hello?");
      eve.expectError(ErrorCode.NOT_JOINED);
      eve.send(Pictures.encoded("png"));
      eve.expectError(ErrorCode.NOT_JOINED);
      eve.sendJson(Map.of("type", "join", "name", "ALICE"));
      eve.expectError(ErrorCode.NAME_TAKEN);
      eve.sendJson(Map.of("type", "join", "name", "   "));
      eve.expectError(ErrorCode.NAME_INVALID);
      eve.sendJson(Map.of("type", "join", "name", "eve\nalice: hi"));
      eve.expectError(ErrorCode.NAME_INVALID);
      eve.sendJson(Map.of("type", "join", "name", "e".repeat(33)));
      eve.expectError(ErrorCode.NAME_INVALID);
      eve.send("{\"type\":\"join\",\"name\":7}");
      eve.expectError(ErrorCode.NAME_INVALID);
      eve.send("{\"type\":\"join\"}");
      eve.expectError(ErrorCode.MISSING_FIELD);

      eve.sendJson(Map.of("type", "join", "name", "eve"));
      eve.expect("{\"type\":\"welcome\",\"name\":\"eve\",\"room\":\"lobby\","
          + "\"users\":[\"alice\",\"eve\"],"
          + "\"history\":[{\"type\":\"join\",\"name\":\"alice\",\"time\":" + T + "}]}");
      // alice heard of none of eve's attempts: her next entries are about alice, then eve.
      alice.expect("{\"type\":\"join\",\"name\":\"alice\",\"time\":" + T + "}");
      alice.expect("{\"type\":\"users\",\"users\":[\"alice\"]}");
      alice.expect("{\"type\":\"join\",\"name\":\"eve\",\"time\":" + T + "}");
    }
  }

  @Test
  void aFloodIsCutToTheBurstWithOneErrorAndOthersKeepChatting() throws Exception {
    FakeTicker ticker = FakeTicker.frozen();
    int port = start(ticker);
    try (ChatClient alice = ChatClient.joined(port, "alice");
        ChatClient bob = ChatClient.joined(port, "bob")) {
      for (int i = 0; i < 4; i++) {
        alice.nextJson(); // both joins and user lists
      }
      bob.nextJson();
      bob.nextJson();

      for (int i = 0; i < 1000; i++) {
        alice.say("flood " + i);
      }
      alice.sync("flood sent"); // every one of the 1000 has been handled
      bob.say("still chatting");

      // The join took one of the 20 messages of the burst; time stands still, so no more.
      int allowed = RateLimiter.BURST - 1;
      for (int i = 0; i < allowed; i++) {
        String flood = "{\"type\":\"message\",\"name\":\"alice\",\"text\":\"flood " + i
            + "\",\"time\":" + T + "}";
        alice.expect(flood);
        bob.expect(flood);
      }
      alice.expectError(ErrorCode.RATE_LIMITED);
      String still = "{\"type\":\"message\",\"name\":\"bob\",\"text\":\"still chatting\","
          + "\"time\":" + T + "}";
      alice.expect(still); // the one error: 980 more drops said nothing
      bob.expect(still);

      // A second later the bucket has 10 more, and the connection was never closed.
      ticker.advance(1, TimeUnit.SECONDS);
      assertTrue(alice.isOpen());
      alice.say("sorry");
      String sorry = "{\"type\":\"message\",\"name\":\"alice\",\"text\":\"sorry\",\"time\":"
          + T + "}";
      alice.expect(sorry);
      bob.expect(sorry);
    }
    String log = log();
    assertEquals(1, log.lines().filter(l -> l.contains("rate_limited")).count(), log);
  }
}
