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
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rooms without sockets: members that record what they are sent, a recorded network. */
class ChatRoomsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T = 1_000L;
  private final FakeTicker nanos = FakeTicker.frozen();
  private final RecordingNetwork network = new RecordingNetwork();
  private final ChatRooms rooms = new ChatRooms(
      Clock.fixed(Instant.ofEpochMilli(T), ZoneOffset.UTC), nanos, network);

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  /** A member connected, its first message (the room list) taken. */
  private RecordingMember connected() throws Exception {
    RecordingMember m = new RecordingMember();
    rooms.connect(m);
    assertEquals(List.of(json("{\"type\":\"rooms\",\"rooms\":[\"lobby\"]}")), m.takeJson());
    return m;
  }

  /** A member in the lobby under {@code name}. */
  private RecordingMember inLobby(String name) throws Exception {
    RecordingMember m = connected();
    rooms.join(m, name, "lobby");
    return m;
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
    RecordingMember alice = inLobby("alice");
    for (int i = 0; i < 60; i++) {
      rooms.say(alice, "m" + i);
    }
    RecordingMember bob = inLobby("bob");
    List<JsonNode> received = bob.takeJson();
    assertEquals(3, received.size());
    JsonNode welcome = received.get(0);
    assertEquals(List.of("type", "name", "room", "users", "history"),
        ChatClient.fieldNames(welcome));
    assertEquals("lobby", welcome.get("room").textValue());
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
    inLobby("bob");
    inLobby("Alice");
    RecordingMember other = connected();
    ChatError taken = assertThrows(ChatError.class, () -> rooms.join(other, "ALICE", "lobby"));
    assertEquals(ErrorCode.NAME_TAKEN, taken.code());
    assertEquals(List.of(), other.received());
    inLobby("carol");
    assertEquals(List.of("Alice", "bob", "carol"), rooms.users("lobby"));
    rooms.join(other, "alice", "elsewhere"); // unique per room only
  }

  @Test
  void leavingFreesTheNameAndTellsTheOthers() throws Exception {
    RecordingMember alice = inLobby("alice");
    RecordingMember bob = inLobby("bob");
    alice.takeJson();
    rooms.disconnect(bob);
    rooms.disconnect(bob); // a second leave changes nothing
    rooms.disconnect(new RecordingMember()); // nor does one who never joined
    assertEquals(List.of(json("{\"type\":\"leave\",\"name\":\"bob\",\"time\":1000}"),
        json("{\"type\":\"users\",\"users\":[\"alice\"]}")), alice.takeJson());
    rooms.say(bob, "ghost"); // gone: says nothing
    assertEquals(List.of(), alice.received());
    inLobby("BOB");
  }

  @Test
  void aPictureIsItsJsonThenItsBytesEvenUnderConcurrentTalk() throws Exception {
    List<RecordingMember> members = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      members.add(inLobby("user" + i));
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
              rooms.show(speaker, new Picture("image/png", png));
            } else {
              rooms.say(speaker, "text " + i);
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

  /**
   * A join or a leave here changes the user lists of the rooms it touches only, so only
   * those are refreshed (refreshing all of them, under the one lock, cost the soak's chat
   * 14 % of its loops' CPU): the other rooms' members hear nothing of it.
   */
  @Test
  void aJoinOrALeaveTellsOnlyTheRoomsItTouches() throws Exception {
    RecordingMember alice = new RecordingMember();
    rooms.connect(alice);
    rooms.join(alice, "alice", "games");
    RecordingMember carol = new RecordingMember();
    rooms.connect(carol);
    rooms.join(carol, "carol", "chess");
    RecordingMember bob = new RecordingMember();
    rooms.connect(bob);
    rooms.join(bob, "bob", "games");
    alice.takeJson();
    carol.takeJson();
    bob.takeJson();

    RecordingMember dave = new RecordingMember();
    rooms.connect(dave);
    rooms.join(dave, "dave", "games");
    rooms.join(bob, "bob", "lobby");
    rooms.disconnect(dave);
    assertEquals(List.of(), carol.takeJson());
    assertEquals(List.of(
        json("{\"type\":\"join\",\"name\":\"dave\",\"time\":1000}"),
        json("{\"type\":\"users\",\"users\":[\"alice\",\"bob\",\"dave\"]}"),
        json("{\"type\":\"leave\",\"name\":\"bob\",\"time\":1000}"),
        json("{\"type\":\"users\",\"users\":[\"alice\",\"dave\"]}"),
        json("{\"type\":\"leave\",\"name\":\"dave\",\"time\":1000}"),
        json("{\"type\":\"users\",\"users\":[\"alice\"]}")), alice.takeJson());
  }

  @Test
  void aMessageGoesToItsRoomOnlyAndTheRoomListFollowsWhoIsWhere() throws Exception {
    RecordingMember alice = inLobby("alice");
    RecordingMember bob = inLobby("bob");
    RecordingMember idle = connected();
    alice.takeJson();
    bob.takeJson();
    rooms.join(bob, "bob", "games");
    String withGames = "{\"type\":\"rooms\",\"rooms\":[\"games\",\"lobby\"]}";
    assertEquals(List.of(json("{\"type\":\"leave\",\"name\":\"bob\",\"time\":1000}"),
        json("{\"type\":\"users\",\"users\":[\"alice\"]}"), json(withGames)),
        alice.takeJson());
    assertEquals(List.of(json(withGames)), idle.takeJson());
    List<JsonNode> moved = bob.takeJson();
    assertEquals("welcome", moved.get(0).get("type").textValue());
    assertEquals("games", moved.get(0).get("room").textValue());
    assertEquals(json("{\"type\":\"users\",\"users\":[\"bob\"]}"), moved.get(2));

    rooms.say(bob, "in games");
    rooms.say(alice, "in the lobby");
    assertEquals("in games", bob.takeJson().get(0).get("text").textValue());
    assertEquals("in the lobby", alice.takeJson().get(0).get("text").textValue());
    assertEquals("games", rooms.roomOf(bob));

    ChatError again = assertThrows(ChatError.class, () -> rooms.join(bob, "bob", "games"));
    assertEquals(ErrorCode.ALREADY_JOINED, again.code());
    rooms.disconnect(bob);
    assertEquals(List.of(json("{\"type\":\"rooms\",\"rooms\":[\"lobby\"]}")),
        idle.takeJson());
  }

  @Test
  void theNetworkFollowsARoomWhileItHasMembersHereAndHearsEveryEntryMadeHere()
      throws Exception {
    assertEquals(List.of("follow lobby"), network.take());
    RecordingMember alice = inLobby("alice");
    network.take();
    rooms.join(alice, "alice", "games");
    rooms.say(alice, "hi");
    rooms.show(alice, new Picture("image/png", Pictures.encoded("png")));
    rooms.disconnect(alice);
    String header = "{\"type\":\"image\",\"name\":\"alice\",\"mime\":\"image/png\","
        + "\"size\":" + Pictures.encoded("png").length + ",\"time\":1000}";
    assertEquals(List.of(
        "entry lobby {\"type\":\"leave\",\"name\":\"alice\",\"time\":1000}",
        "follow games",
        "entry games {\"type\":\"join\",\"name\":\"alice\",\"time\":1000}",
        "roster {games=[alice]}",
        "entry games {\"type\":\"message\",\"name\":\"alice\",\"text\":\"hi\",\"time\":1000}",
        "picture games " + header + " " + Pictures.encoded("png").length,
        "entry games {\"type\":\"leave\",\"name\":\"alice\",\"time\":1000}",
        "unfollow games",
        "roster {}"), network.take());
  }

  @Test
  void otherServersEntriesAndRostersReachTheMembersHere() throws Exception {
    RecordingMember alice = inLobby("alice");
    alice.takeJson();
    network.take();
    rooms.remoteRoster("server-2", Map.of("lobby", List.of("bob"), "games", List.of("carol")));
    assertEquals(List.of("roster {lobby=[alice]}"), network.take(), "a new server gets ours");
    assertEquals(List.of(json("{\"type\":\"users\",\"users\":[\"alice\",\"bob\"]}"),
        json("{\"type\":\"rooms\",\"rooms\":[\"games\",\"lobby\"]}")), alice.takeJson());
    RecordingMember other = new RecordingMember();
    rooms.connect(other);
    ChatError taken = assertThrows(ChatError.class, () -> rooms.join(other, "BOB", "lobby"));
    assertEquals(ErrorCode.NAME_TAKEN, taken.code());

    JsonNode entry = json("{\"type\":\"message\",\"name\":\"bob\",\"text\":\"hi\",\"time\":7}");
    rooms.remoteEntry("lobby", entry);
    rooms.remoteEntry("games", json("{\"type\":\"message\",\"name\":\"carol\",\"text\":\"x\"}"));
    byte[] png = Pictures.encoded("png");
    rooms.remotePicture("lobby", "{\"type\":\"image\"}", png);
    List<Object> received = alice.received();
    assertEquals(3, received.size(), "a room not followed here is not heard");
    assertEquals(entry, json((String) received.get(0)));
    assertEquals("{\"type\":\"image\"}", received.get(1));
    assertArrayEquals(png, (byte[]) received.get(2));
    rooms.join(other, "dave", "lobby");
    JsonNode welcome = other.takeJson().get(1);
    assertEquals(entry, welcome.get("history").get(1), "remote entries are history too");
    assertEquals(json("[\"alice\",\"bob\",\"dave\"]"), welcome.get("users"));
  }

  @Test
  void aSilentServerIsForgottenAfterThreeHeartbeats() throws Exception {
    RecordingMember alice = inLobby("alice");
    rooms.remoteRoster("server-2", Map.of("lobby", List.of("bob")));
    alice.takeJson();
    network.take();
    nanos.advance(Presence.MAX_AGE_NANOS, TimeUnit.NANOSECONDS);
    rooms.heartbeat();
    assertEquals(List.of("roster {lobby=[alice]}"), network.take());
    assertEquals(List.of(), alice.received(), "not yet: exactly three heartbeats");
    nanos.advance(1, TimeUnit.MILLISECONDS);
    rooms.heartbeat();
    assertEquals(List.of(json("{\"type\":\"users\",\"users\":[\"alice\"]}")),
        alice.takeJson());
    network.take();
    rooms.remoteRoster("server-2", Map.of("lobby", List.of("bob")));
    assertEquals(List.of("roster {lobby=[alice]}"), network.take(), "it came back: a new one");
  }
}
