package dev.ippo.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run's results for people: {@code target/conformance/<target>.txt} (a readable
 * report with each case's description, time and reason) and {@code <target>.actual.txt}
 * (the expected-file format, to review against or to copy over the expected file when a
 * change of behaviour is intended).
 *
 * <p>Stateless; thread safe.
 */
final class ConformanceReport {
  private ConformanceReport() {}

  static Path directory() {
    Path root = Path.of(System.getProperty("ippo.repo.root", "..")).toAbsolutePath().normalize();
    return root.resolve("ippo-interop/target/conformance");
  }

  static Path write(String target, String title, List<ServerCase> cases, List<CaseResult> results)
      throws IOException {
    Path dir = directory();
    Files.createDirectories(dir);
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    StringBuilder actual = new StringBuilder();
    StringBuilder report = new StringBuilder();
    long totalMillis = 0;
    for (int i = 0; i < results.size(); i++) {
      CaseResult r = results.get(i);
      counts.merge(r.outcome(), 1, Integer::sum);
      totalMillis += r.millis();
      actual.append(r.line()).append('\n');
      report.append(String.format("%-8s %-10s %-5s %6d ms  %s%n", r.id(), r.outcome().label(),
          r.closeCode() == null ? "-" : r.closeCode(), r.millis(), cases.get(i).description()));
      if (!r.detail().isEmpty()) {
        report.append(String.format("%33s%s%n", "", r.detail()));
      }
    }
    String head = "Conformance of " + title + " (" + results.size() + " cases, "
        + totalMillis + " ms)\n"
        + "OK " + counts.getOrDefault(Outcome.OK, 0)
        + ", NON-STRICT " + counts.getOrDefault(Outcome.NON_STRICT, 0)
        + ", FAILED " + counts.getOrDefault(Outcome.FAILED, 0) + "\n"
        + "columns: id, outcome, close code sent by the server, time, case\n\n";
    Path file = dir.resolve(target + ".txt");
    Files.writeString(file, head + report, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(target + ".actual.txt"), actual, StandardCharsets.UTF_8);
    return file;
  }
}
