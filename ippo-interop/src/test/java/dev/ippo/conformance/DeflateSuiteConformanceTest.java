package dev.ippo.conformance;

import java.time.Duration;
import java.util.List;

/**
 * The deflate suite ({@link DeflateServerCases}) against one target with permessage-deflate;
 * subclasses say which. It runs longer than the plain suite: more cases, larger messages.
 *
 * <p>Not thread safe; JUnit runs it on one thread.
 */
abstract class DeflateSuiteConformanceTest extends ServerConformanceTest {
  @Override
  List<ServerCase> suite() {
    return DeflateServerCases.all();
  }

  @Override
  Duration budget() {
    return Duration.ofSeconds(120);
  }
}
