package dev.ippo.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the server suite against one target: each case on a fresh connection, run at
 * most once however often its result is asked for.
 *
 * <p>Not thread safe: the test thread only.
 */
final class SuiteRun {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  /** A broken target must not hold CI for minutes: past this, cases fail unrun. */
  private static final Duration DEFAULT_BUDGET = Duration.ofSeconds(60);
  /** After this many opening handshakes in a row fail, the target is taken as down. */
  private static final int MAX_HANDSHAKE_FAILURES = 3;

  private final ServerTarget target;
  private final List<ServerCase> cases;
  private final Duration budget;
  private final Map<String, CaseResult> results = new LinkedHashMap<>();
  private long startNanos;
  private int handshakeFailuresInARow;

  SuiteRun(ServerTarget target, List<ServerCase> cases) {
    this(target, cases, DEFAULT_BUDGET);
  }

  SuiteRun(ServerTarget target, List<ServerCase> cases, Duration budget) {
    this.target = target;
    this.cases = List.copyOf(cases);
    this.budget = budget;
  }

  List<ServerCase> cases() {
    return cases;
  }

  /** The result of one case, running it first if it has not run. */
  CaseResult result(ServerCase c) {
    return results.computeIfAbsent(c.id(), id -> run(c));
  }

  /** Every case's result, in suite order, running those that have not run. */
  List<CaseResult> all() {
    List<CaseResult> all = new ArrayList<>();
    for (ServerCase c : cases) {
      all.add(result(c));
    }
    return all;
  }

  private CaseResult run(ServerCase c) {
    long start = System.nanoTime();
    if (startNanos == 0) {
      startNanos = start;
    }
    if (start - startNanos > budget.toNanos()) {
      return new CaseResult(c.id(), Outcome.FAILED, null,
          "not run: the suite's " + budget.toSeconds() + " s budget is spent", 0);
    }
    if (handshakeFailuresInARow >= MAX_HANDSHAKE_FAILURES) {
      return new CaseResult(c.id(), Outcome.FAILED, null, "not run: the last "
          + MAX_HANDSHAKE_FAILURES + " opening handshakes failed", 0);
    }
    CaseSession session = null;
    DeflateCodec codec = null;
    Outcome outcome;
    String detail;
    Connector connector = new Connector(target.host(), target.port(c.path()), c.path(),
        c.offer(), CONNECT_TIMEOUT, target.tls());
    try (RawClient client = connector.open()) {
      handshakeFailuresInARow = 0;
      codec = connector.negotiate(client);
      session = new CaseSession(client, c.timeout(), codec, connector);
      outcome = c.script().run(session);
      detail = outcome == Outcome.NON_STRICT ? "right close code, but only after the whole "
          + "frame or message arrived" : "";
    } catch (CaseFailure e) {
      outcome = Outcome.FAILED;
      detail = e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = Outcome.FAILED;
      detail = "interrupted";
    } catch (Exception e) {
      outcome = Outcome.FAILED;
      if (session == null) {
        handshakeFailuresInARow++;
        detail = "opening handshake: " + e;
      } else {
        detail = e.toString();
      }
    }
    if (codec != null) {
      codec.end();
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    Integer code = session == null ? null : session.closeCode();
    return new CaseResult(c.id(), outcome, code, detail, millis);
  }
}
