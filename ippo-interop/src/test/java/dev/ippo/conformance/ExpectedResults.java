package dev.ippo.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed results for one target ({@code conformance/expected-<target>.txt} on the test
 * class path): one line per case, {@code id OUTCOME [closeCode]}; {@code #} starts a comment.
 * A change of behaviour shows up as a difference from this file, in review and in CI.
 *
 * <p>Immutable; thread safe.
 */
final class ExpectedResults {
  private final String resource;
  private final Map<String, String> lines;

  private ExpectedResults(String resource, Map<String, String> lines) {
    this.resource = resource;
    this.lines = lines;
  }

  static ExpectedResults load(String target) throws IOException {
    String resource = "/conformance/expected-" + target + ".txt";
    Map<String, String> lines = new LinkedHashMap<>();
    try (InputStream in = ExpectedResults.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no expected file " + resource + " on the test class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        String id = l.split("\\s+", 2)[0];
        if (lines.put(id, l.replaceAll("\\s+", " ")) != null) {
          throw new IOException(resource + " lists " + id + " twice");
        }
      }
    }
    return new ExpectedResults(resource, lines);
  }

  /** These results for the cases {@code ids} only, for a target that runs part of a suite. */
  ExpectedResults only(Collection<String> ids) {
    Map<String, String> kept = new LinkedHashMap<>();
    for (String id : ids) {
      String line = lines.get(id);
      if (line != null) {
        kept.put(id, line);
      }
    }
    return new ExpectedResults(resource, kept);
  }

  /** The expected line for a case, or null when the file does not list it. */
  String line(String id) {
    return lines.get(id);
  }

  /**
   * The differences between this file and a run, one per line ({@code - expected} then
   * {@code + actual}, with the reason), or the empty string when they agree.
   */
  String diff(List<CaseResult> results) {
    StringBuilder out = new StringBuilder();
    Map<String, String> unmatched = new LinkedHashMap<>(lines);
    for (CaseResult r : results) {
      String expected = unmatched.remove(r.id());
      if (!r.line().equals(expected)) {
        out.append("- ").append(expected == null ? r.id() + " (not in the file)" : expected)
            .append('\n');
        out.append("+ ").append(r.line());
        if (!r.detail().isEmpty()) {
          out.append("   # ").append(r.detail());
        }
        out.append('\n');
      }
    }
    for (String stale : unmatched.values()) {
      out.append("- ").append(stale).append('\n');
      out.append("+ (no such case)\n");
    }
    return out.length() == 0 ? "" : resource + " differs from this run:\n" + out;
  }
}
