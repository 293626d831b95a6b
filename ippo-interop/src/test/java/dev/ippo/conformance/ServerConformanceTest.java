package dev.ippo.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The server suite against one target: one dynamic test per case (named by its id), each
 * compared with its line in the target's expected file, and one test that compares the whole
 * file and writes the report. Subclasses say which target.
 *
 * <p>Not thread safe; JUnit runs it on one thread.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ServerConformanceTest {
  private ServerTarget target;
  private SuiteRun run;
  private ExpectedResults expected;

  /** Starts the echo server under test. */
  abstract ServerTarget startTarget() throws Exception;

  /** The target's short name, as in {@code expected-<name>.txt}. */
  abstract String name();

  /** The target's name in reports: what it is and how it was started. */
  abstract String title();

  /** The cases to run: by default groups 1 to 10. */
  List<ServerCase> suite() {
    return ServerCases.all();
  }

  /** What each case must give: {@code expected-<name>.txt} by default. */
  ExpectedResults expected() throws IOException {
    return ExpectedResults.load(name());
  }

  /** How long the whole run may take before the remaining cases fail unrun. */
  Duration budget() {
    return Duration.ofSeconds(60);
  }

  @BeforeAll
  void start() throws Exception {
    expected = expected();
    target = startTarget();
    run = new SuiteRun(target, suite(), budget());
  }

  @AfterAll
  void stop() {
    if (target != null) {
      target.close();
    }
  }

  @TestFactory
  @Order(1)
  Stream<DynamicTest> cases() {
    return run.cases().stream().map(c -> DynamicTest.dynamicTest(
        c.id() + " " + c.description(), () -> {
          CaseResult r = run.result(c);
          String want = expected.line(c.id());
          assertNotNull(want, c.id() + " is not in the expected file; got " + r.line());
          assertEquals(want, r.line(), r.detail());
        }));
  }

  @Test
  @Order(2)
  void wholeRunMatchesExpectedFile() throws Exception {
    List<CaseResult> results = run.all();
    ConformanceReport.write(name(), title(), run.cases(), results);
    String diff = expected.diff(results);
    if (!diff.isEmpty()) {
      fail(diff + "(report: " + ConformanceReport.directory().resolve(name() + ".txt") + ")");
    }
  }

}
