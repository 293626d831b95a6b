package dev.ippo.interop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code ws-client.js}, Node's {@code ws} as a client, through one scenario and returns
 * its result lines by case name. A scenario that reports a failure, prints the same case
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
    Map<String, JsonLine> results = new LinkedHashMap<>();
    try (NodeProcess node = NodeProcess.start("ws-client.js", command.toArray(String[]::new))) {
      while (true) {
        JsonLine line = JsonLine.parse(node.nextLine(seconds));
        String name = line.string("case");
        if (name.equals("failure")) {
          throw new AssertionError("ws-client.js " + scenario + " failed after " + results.keySet()
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
        throw new AssertionError("ws-client.js exited with " + exit + "; stderr: " + node.stderr());
      }
    }
    return results;
  }
}
