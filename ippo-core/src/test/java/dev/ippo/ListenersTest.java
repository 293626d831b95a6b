package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Who hears an event, in which order, and what a late handler is replayed; no connection. */
class ListenersTest {
  private final Queue<Runnable> loop = new ArrayDeque<>();
  private final Listeners listeners = new Listeners(loop::add, false, 0);
  private final List<String> heard = new ArrayList<>();

  private Consumer<byte[]> named(String name) {
    return payload -> heard.add(name);
  }

  private void ping() {
    listeners.emit(EventType.PING, new byte[0]);
  }

  private void runLoop() {
    for (Runnable task; (task = loop.poll()) != null; ) {
      task.run();
    }
  }

  @Test
  void theHandlerComesBeforeListenersAddedEarlier() {
    listeners.add(EventType.PING, named("a"));
    listeners.add(EventType.PING, named("b"));
    listeners.set(EventType.PING, named("handler"));
    ping();
    assertEquals(List.of("handler", "a", "b"), heard);
  }

  @Test
  void replacingOrClearingTheHandlerKeepsTheListeners() {
    listeners.set(EventType.PING, named("first"));
    listeners.add(EventType.PING, named("a"));
    listeners.set(EventType.PING, named("second"));
    ping();
    listeners.set(EventType.PING, null);
    ping();
    assertEquals(List.of("second", "a", "a"), heard);
  }

  @Test
  void aListenerIsAddedOnceAndRemovedWithoutTouchingTheHandler() {
    Consumer<byte[]> same = named("same");
    listeners.set(EventType.PING, same);
    listeners.add(EventType.PING, same);
    listeners.add(EventType.PING, same);
    ping();
    listeners.remove(EventType.PING, same);
    ping();
    listeners.remove(EventType.PING, same);
    ping();
    assertEquals(List.of("same", "same", "same", "same"), heard);
  }

  @Test
  void removingOneListenerKeepsTheOrderOfTheRest() {
    Consumer<byte[]> b = named("b");
    listeners.add(EventType.PING, named("a"));
    listeners.add(EventType.PING, b);
    listeners.add(EventType.PING, named("c"));
    listeners.remove(EventType.PING, b);
    ping();
    assertEquals(List.of("a", "c"), heard);
  }

  @Test
  void typesDoNotHearEachOther() {
    listeners.set(EventType.PONG, named("pong"));
    ping();
    assertEquals(List.of(), heard);
  }

  @Test
  void aKeptEventNobodyHeardIsReplayedOnTheLoopToTheFirstHandler() {
    OpenEvent open = new OpenEvent(null);
    listeners.emit(EventType.OPEN, open);
    List<OpenEvent> got = new ArrayList<>();
    listeners.set(EventType.OPEN, got::add);
    assertEquals(List.of(), got, "the replay waits for the loop");
    runLoop();
    assertEquals(List.of(open), got);
  }

  @Test
  void anEventOfATypeNotKeptIsNotReplayed() {
    ping();
    listeners.set(EventType.PING, named("late"));
    runLoop();
    assertEquals(List.of(), heard);
  }

  @Test
  void aHandlerThatThrowsDoesNotStopTheOthers() {
    listeners.set(EventType.PING, payload -> {
      throw new IllegalStateException("the application's bug");
    });
    listeners.add(EventType.PING, named("after"));
    ping();
    assertEquals(List.of("after"), heard);
    assertTrue(loop.isEmpty());
  }
}
