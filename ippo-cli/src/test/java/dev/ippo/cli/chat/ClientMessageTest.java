package dev.ippo.cli.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Parsing the client's JSON and the rules on names and texts. */
class ClientMessageTest {
  private static ErrorCode parseError(String frame) {
    return assertThrows(ChatError.class, () -> ClientMessageParser.parse(frame), frame).code();
  }

  private static ErrorCode nameError(String name) {
    return assertThrows(ChatError.class, () -> new ClientMessage.Join(name, null).validName())
        .code();
  }

  private static ErrorCode textError(String text) {
    return assertThrows(ChatError.class, () -> new ClientMessage.Say(text).validText()).code();
  }

  @Test
  void readsTheTwoTypes() throws Exception {
    assertEquals(new ClientMessage.Join(" alice ", null),
        ClientMessageParser.parse("{\"type\":\"join\",\"name\":\" alice \"}"));
    assertEquals(new ClientMessage.Say("hi"),
        ClientMessageParser.parse("{\"text\":\"hi\",\"type\":\"message\",\"extra\":[1,2]}"));
  }

  @Test
  void aJoinsRoomIsTheLobbyUnlessGivenAndFollowsTheRulesOfAName() throws Exception {
    ClientMessage.Join plain = (ClientMessage.Join) ClientMessageParser.parse(
        "{\"type\":\"join\",\"name\":\"a\",\"room\":null}");
    assertEquals("lobby", plain.validRoom());
    ClientMessage.Join games = (ClientMessage.Join) ClientMessageParser.parse(
        "{\"type\":\"join\",\"name\":\"a\",\"room\":\" games \"}");
    assertEquals("games", games.validRoom());
    assertEquals(ErrorCode.ROOM_INVALID,
        parseError("{\"type\":\"join\",\"name\":\"a\",\"room\":7}"));
    for (String bad : new String[] {"", " ", "a".repeat(33), "r\u0000"}) {
      assertEquals(ErrorCode.ROOM_INVALID, assertThrows(ChatError.class,
          () -> new ClientMessage.Join("a", bad).validRoom()).code(), bad);
    }
  }

  @Test
  void refusesWhatIsNotOneJsonObject() {
    assertEquals(ErrorCode.INVALID_JSON, parseError("{not json"));
    assertEquals(ErrorCode.INVALID_JSON, parseError(""));
    assertEquals(ErrorCode.INVALID_JSON, parseError("[]"));
    assertEquals(ErrorCode.INVALID_JSON, parseError("\"join\""));
    assertEquals(ErrorCode.INVALID_JSON, parseError("null"));
    assertEquals(ErrorCode.INVALID_JSON, parseError("{\"type\":\"join\",\"name\":\"a\"} {}"));
    assertEquals(ErrorCode.INVALID_JSON,
        parseError("{\"type\":\"join\",\"name\":\"a\",\"name\":\"b\"}"));
    assertEquals(ErrorCode.INVALID_JSON, parseError("[".repeat(5000)));
  }

  @Test
  void refusesUnknownTypes() {
    assertEquals(ErrorCode.UNKNOWN_TYPE, parseError("{\"type\":\"dance\"}"));
    assertEquals(ErrorCode.UNKNOWN_TYPE, parseError("{\"type\":\"JOIN\",\"name\":\"a\"}"));
    assertEquals(ErrorCode.UNKNOWN_TYPE, parseError("{\"type\":1}"));
    assertEquals(ErrorCode.UNKNOWN_TYPE, parseError("{\"type\":{\"a\":1}}"));
  }

  @Test
  void refusesMissingFields() {
    assertEquals(ErrorCode.MISSING_FIELD, parseError("{}"));
    assertEquals(ErrorCode.MISSING_FIELD, parseError("{\"name\":\"a\"}"));
    assertEquals(ErrorCode.MISSING_FIELD, parseError("{\"type\":\"join\"}"));
    assertEquals(ErrorCode.MISSING_FIELD, parseError("{\"type\":\"join\",\"name\":null}"));
    assertEquals(ErrorCode.MISSING_FIELD, parseError("{\"type\":\"message\",\"name\":\"a\"}"));
  }

  @Test
  void refusesFieldsThatAreNotStrings() {
    assertEquals(ErrorCode.NAME_INVALID, parseError("{\"type\":\"join\",\"name\":42}"));
    assertEquals(ErrorCode.NAME_INVALID, parseError("{\"type\":\"join\",\"name\":[\"a\"]}"));
    assertEquals(ErrorCode.TEXT_INVALID, parseError("{\"type\":\"message\",\"text\":true}"));
  }

  @Test
  void namesAreTrimmedAndHave1To32CharactersWithoutControls() throws Exception {
    assertEquals("alice", new ClientMessage.Join("  alice\t", null).validName());
    assertEquals("a".repeat(32), new ClientMessage.Join("a".repeat(32), null).validName());
    // 32 characters outside the BMP: 64 chars in Java, 32 for a person.
    String emoji = "\uD83D\uDE00".repeat(32);
    assertEquals(emoji, new ClientMessage.Join(emoji, null).validName());
    assertEquals("Zoë and Ana", new ClientMessage.Join("Zoë and Ana", null).validName());

    assertEquals(ErrorCode.NAME_INVALID, nameError(""));
    assertEquals(ErrorCode.NAME_INVALID, nameError(" \n "));
    assertEquals(ErrorCode.NAME_INVALID, nameError("a".repeat(33)));
    assertEquals(ErrorCode.NAME_INVALID, nameError("\uD83D\uDE00".repeat(33)));
    assertEquals(ErrorCode.NAME_INVALID, nameError("ali\nce"));
    assertEquals(ErrorCode.NAME_INVALID, nameError("bell\u0007"));
    assertEquals(ErrorCode.NAME_INVALID, nameError("del\u007f"));
    assertEquals(ErrorCode.NAME_INVALID, nameError("c1\u0085x"));
    assertEquals(ErrorCode.NAME_INVALID, nameError("line\u2028sep"));
  }

  @Test
  void textsAreTrimmedAndHave1To2000Characters() throws Exception {
    assertEquals("hello", new ClientMessage.Say(" hello \n").validText());
    assertEquals("two\nlines", new ClientMessage.Say("two\nlines").validText());
    assertEquals("x".repeat(2000), new ClientMessage.Say(" " + "x".repeat(2000) + " ").validText());
    String emoji = "\uD83D\uDE00".repeat(2000);
    assertEquals(emoji, new ClientMessage.Say(emoji).validText());

    assertEquals(ErrorCode.TEXT_INVALID, textError(""));
    assertEquals(ErrorCode.TEXT_INVALID, textError(" \t\n\u3000"));
    assertEquals(ErrorCode.TEXT_TOO_LONG, textError("x".repeat(2001)));
    assertEquals(ErrorCode.TEXT_TOO_LONG, textError("\uD83D\uDE00".repeat(2001)));
  }

  @Test
  void errorCodesHaveTheirWireNames() {
    assertEquals("invalid_json", ErrorCode.INVALID_JSON.wireName());
    assertEquals("rate_limited", ErrorCode.RATE_LIMITED.wireName());
    assertEquals("not_an_image", ErrorCode.NOT_AN_IMAGE.wireName());
    assertEquals("room_invalid", ErrorCode.ROOM_INVALID.wireName());
    assertEquals(13, ErrorCode.values().length);
  }
}
