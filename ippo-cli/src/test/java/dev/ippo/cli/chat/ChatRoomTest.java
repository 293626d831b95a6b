package dev.ippo.cli.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The room without sockets: members that record what they are sent. */
class ChatRoomTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T = 1_000L;
  private final ChatRoom room = new ChatRoom(Clock.fixed(Instant.ofEpochMilli(T), ZoneOffset.UTC));

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void historyKeepsTheLast50InOrder() {
    History history = new History();
    for (int i = 0; i < 120; i++) {
      history.add(JSON.getNodeFactory().numberNode(i));
    }
    List<JsonNode> entries = history.entries();
    assertEquals(History.CAPACITY, entries.size());
    assertEquals(50, History.CAPACITY);
    for (int i = 0; i < 50; i++) {
      assertEquals(70 + i, entries.get(i).intValue());
    }
  }

  @Test
  void aNewcomerGetsTheUsersAndTheLast50Entries() throws Exception {
    RecordingMember alice = new RecordingMember();
    room.join(alice, "alice");
    for (int i = 0; i < 60; i++) {
      room.say(alice, "m" + i);
    }
    RecordingMember bob = new RecordingMember();
    room.join(bob, "bob");
    List<JsonNode> received = bob.takeJson();
    assertEquals(3, received.size());
    JsonNode welcome = received.get(0);
    assertEquals(List.of("type", "name", "users", "history"), ChatClient.fieldNames(welcome));
    assertEquals(json("[\"alice\",\"bob\"]"), welcome.get("users"));
    assertEquals(50, welcome.get("history").size());
    assertEquals(json("{\"type\":\"message\",\"name\":\"alice\",\"text\":\"m10\",\"time\":1000}"),
        welcome.get("history").get(0));
    assertEquals(json("{\"type\":\"message\",\"name\":\"alice\",\"text\":\"m59\",\"time\":1000}"),
        welcome.get("history").get(49));
    assertEquals(json("{\"type\":\"join\",\"name\":\"bob\",\"time\":1000}"), received.get(1));
    assertEquals(json("{\"type\":\"users\",\"users\":[\"alice\",\"bob\"]}"), received.get(2));
  }

  @Test
  void namesAreUniqueIgnoringCaseAndUsersAreSorted() throws Exception {
    room.join(new RecordingMember(), "bob");
    room.join(new RecordingMember(), "Alice");
    RecordingMember other = new RecordingMember();
    ChatError taken = assertThrows(ChatError.class, () -> room.join(other, "ALICE"));
    assertEquals(ErrorCode.NAME_TAKEN, taken.code());
    assertEquals(List.of(), other.received());
    room.join(new RecordingMember(), "carol");
    assertEquals(List.of("Alice", "bob", "carol"), room.users());
  }

  @Test
  void leavingFreesTheNameAndTellsTheOthers() throws Exception {
    RecordingMember alice = new RecordingMember();
    RecordingMember bob = new RecordingMember();
    room.join(alice, "alice");
    room.join(bob, "bob");
    alice.takeJson();
    room.leave(bob);
    room.leave(bob); // a second leave changes nothing
    room.leave(new RecordingMember()); // nor does one who never joined
    assertEquals(List.of(json("{\"type\":\"leave\",\"name\":\"bob\",\"time\":1000}"),
        json("{\"type\":\"users\",\"users\":[\"alice\"]}")), alice.takeJson());
    room.say(bob, "ghost"); // gone: says nothing
    assertEquals(List.of(), alice.received());
    room.join(new RecordingMember(), "BOB");
  }

  @Test
  void aPictureIsItsJsonThenItsBytesEvenUnderConcurrentTalk() throws Exception {
    List<RecordingMember> members = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      RecordingMember m = new RecordingMember();
      room.join(m, "user" + i);
      members.add(m);
    }
    for (RecordingMember m : members) {
      m.takeJson();
    }
    byte[] png = Pictures.encoded("png");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        RecordingMember speaker = members.get(t);
        boolean pictures = t % 2 == 0;
        work.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < 200; i++) {
            if (pictures) {
              room.show(speaker, new Picture("image/png", png));
            } else {
              room.say(speaker, "text " + i);
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : work) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<Object> first = members.get(0).received();
    assertEquals(2 * 200 * 2 + 2 * 200, first.size());
    for (RecordingMember m : members) {
      List<Object> received = m.received();
      // Everyone saw the same sequence, and each image header is followed by its bytes.
      assertEquals(first.size(), received.size());
      for (int i = 0; i < received.size(); i++) {
        Object message = received.get(i);
        if (message instanceof String text) {
          assertEquals(first.get(i), text);
          JsonNode node = JSON.readTree(text);
          if (node.get("type").textValue().equals("image")) {
            assertEquals(json("{\"type\":\"image\",\"name\":\"" + node.get("name").textValue()
                + "\",\"mime\":\"image/png\",\"size\":" + png.length + ",\"time\":1000}"), node);
            assertArrayEquals(png, assertInstanceOf(byte[].class, received.get(i + 1)));
          }
        } else {
          // Bytes only ever come right after their header.
          JsonNode header = JSON.readTree(assertInstanceOf(String.class, received.get(i - 1)));
          assertEquals("image", header.get("type").textValue());
        }
      }
    }
  }
}
