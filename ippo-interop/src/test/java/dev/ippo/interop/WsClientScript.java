package dev.ippo.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code ws-client.js}, Node's {@code ws} as a client, through one scenario and returns
 * its result lines by case name; or another client script that reports the same way
 * ({@code deflate-client.js}). A scenario that reports a failure, prints the same case
 * twice, or does not exit with 0 fails the test here.
 *
 * <p>Stateless; thread safe.
 */
final class WsClientScript {
  private WsClientScript() {}

  /**
   * Runs {@code node ws-client.js url scenario args...}, waiting up to {@code seconds} for
   * each line, and returns the results, in order, without the final "done".
   */
  static Map<String, JsonLine> run(long seconds, String url, String scenario, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(url, scenario));
    command.addAll(List.of(args));
    return runScript("ws-client.js", seconds, command);
  }

  /**
   * Runs {@code ws-client.js} as {@link #run} does, trusting the PEM certificate {@code ca}
   * for {@code wss://} besides Node's own store.
   */
  static Map<String, JsonLine> runTrusting(Path ca, long seconds, String url, String scenario,
      String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(url, scenario));
    command.addAll(List.of(args));
    return runScript(Map.of("NODE_EXTRA_CA_CERTS", ca.toString()), "ws-client.js", seconds,
        command);
  }

  /** Runs {@code node script args...} and returns its results as {@link #run} does. */
  static Map<String, JsonLine> runScript(String script, long seconds, List<String> args)
      throws IOException, InterruptedException {
    return runScript(Map.of(), script, seconds, args);
  }

  private static Map<String, JsonLine> runScript(Map<String, String> environment, String script,
      long seconds, List<String> args) throws IOException, InterruptedException {
    // The script and its first two arguments (the URL and the scenario or options).
    String scenario = script + " " + String.join(" ", args.subList(0, Math.min(2, args.size())));
    Map<String, JsonLine> results = new LinkedHashMap<>();
    try (PeerProcess node =
        PeerProcess.node(environment, script, args.toArray(String[]::new))) {
      while (true) {
        JsonLine line = JsonLine.parse(node.nextLine(seconds));
        String name = line.string("case");
        if (name.equals("failure")) {
          throw new AssertionError(scenario + " failed after " + results.keySet()
              + ": " + line.string("message") + "; stderr: " + node.stderr());
        }
        if (name.equals("done")) {
          break;
        }
        if (results.put(name, line) != null) {
          throw new AssertionError("case '" + name + "' reported twice: " + line);
        }
      }
      int exit = node.awaitExit(seconds);
      if (exit != 0) {
        throw new AssertionError(script + " exited with " + exit + "; stderr: " + node.stderr());
      }
    }
    return results;
  }
}
