package dev.ippo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadersTest {

  @Test
  void namesIgnoreCaseAndKeepOrderAndRepeats() {
    Headers headers =
        new Headers().add("Set-Cookie", "a=1").add("Host", "x").add("set-cookie", "b=2");
    assertEquals("a=1", headers.get("SET-COOKIE"));
    assertEquals(List.of("a=1", "b=2"), headers.all("Set-cookie"));
    assertEquals(List.of(), headers.all("Missing"));
    assertNull(headers.get("Missing"));
    assertTrue(headers.contains("host"));
    assertFalse(headers.contains("Origin"));
    assertEquals(3, headers.size());
    assertEquals(List.of("Set-Cookie", "Host"), new ArrayList<>(headers.names()));
    List<String> seen = new ArrayList<>();
    headers.forEach((name, value) -> seen.add(name + "=" + value));
    assertEquals(List.of("Set-Cookie=a=1", "Host=x", "set-cookie=b=2"), seen);
  }

  @Test
  void setReplacesEveryFieldOfTheName() {
    Headers headers = new Headers().add("A", "1").add("B", "2").add("a", "3").set("A", "4");
    assertEquals(List.of("4"), headers.all("a"));
    assertEquals(2, headers.size());
  }

  @Test
  void containsTokenReadsCommaSeparatedLists() {
    Headers headers =
        new Headers().add("Connection", "keep-alive").add("Connection", " Upgrade ,x");
    assertTrue(headers.containsToken("connection", "upgrade"));
    assertTrue(headers.containsToken("Connection", "KEEP-ALIVE"));
    assertFalse(headers.containsToken("Connection", "close"));
    assertFalse(new Headers().add("Connection", "upgraded").containsToken("Connection", "upgrade"));
    assertFalse(headers.containsToken("Upgrade", "upgrade"));
    assertTrue(new Headers().add("Upgrade", "h2c,,\twebsocket\t").containsToken("Upgrade", "WebSocket"));
    assertFalse(new Headers().add("Upgrade", "").containsToken("Upgrade", "websocket"));
  }

  @Test
  void singleIsTheValueOfAFieldThatOccursOnce() {
    Headers headers = new Headers().add("Host", "a").add("X", "1").add("x", "2");
    assertEquals("a", headers.single("host"));
    assertNull(headers.single("X"));
    assertNull(headers.single("Missing"));
  }

  @Test
  void aReadOnlyCopyKeepsTheFieldsAndRefusesChanges() {
    Headers original = new Headers().add("Origin", "https://a.example");
    Headers copy = original.readOnlyCopy();
    original.set("Origin", "https://b.example");
    assertEquals("https://a.example", copy.get("Origin"));
    assertTrue(copy.isReadOnly());
    assertFalse(original.isReadOnly());
    assertThrows(UnsupportedOperationException.class, () -> copy.add("X", "1"));
    assertThrows(UnsupportedOperationException.class, () -> copy.set("Origin", "x"));
    assertThrows(UnsupportedOperationException.class, () -> copy.remove("Origin"));
    assertSame(copy, copy.readOnlyCopy());
  }

  @Test
  void aRequestsHeadersAreReadOnlyAndApartFromThoseItWasBuiltWith() {
    Headers given = new Headers().add("Host", "a");
    HttpRequest request = new HttpRequest("GET", "/", "HTTP/1.1", given);
    given.add("Cookie", "late=1");
    assertNull(request.header("Cookie"));
    assertThrows(UnsupportedOperationException.class,
        () -> request.headers().add("Cookie", "x=1"));
  }
}
