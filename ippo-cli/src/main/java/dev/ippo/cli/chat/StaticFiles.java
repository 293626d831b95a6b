package dev.ippo.cli.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The page's files, read from the jar once and kept in memory: {@code /} (index.html),
 * {@code /chat.js} and {@code /chat.css}. They live in {@code dev/ippo/cli/chat/web/}.
 *
 * <p>Immutable; thread safe.
 */
final class StaticFiles {
  private static final String FOLDER = "web/";

  /** One file: its bytes and its Content-Type. The array is never changed. */
  record StaticFile(byte[] body, String contentType) {}

  private final Map<String, StaticFile> byPath;

  private StaticFiles(Map<String, StaticFile> byPath) {
    this.byPath = Map.copyOf(byPath);
  }

  /**
   * Reads the page's files from the classpath.
   *
   * @throws IllegalStateException when one is missing: the jar was built wrong
   */
  static StaticFiles load() {
    Map<String, StaticFile> files = new LinkedHashMap<>();
    files.put("/", read("index.html", "text/html; charset=utf-8"));
    files.put("/chat.js", read("chat.js", "text/javascript; charset=utf-8"));
    files.put("/chat.css", read("chat.css", "text/css; charset=utf-8"));
    return new StaticFiles(files);
  }

  /** The file served at this request path, if any. */
  Optional<StaticFile> find(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  private static StaticFile read(String name, String contentType) {
    try (InputStream in = StaticFiles.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException("the chat page's " + name + " is not on the classpath");
      }
      return new StaticFile(in.readAllBytes(), contentType);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the chat page's " + name, e);
    }
  }
}
