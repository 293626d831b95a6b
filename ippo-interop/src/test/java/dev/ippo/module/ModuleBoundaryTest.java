package dev.ippo.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.WebSocket;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a program on the module path can reach of ippo-core: the API packages and nothing
 * else. Reads the descriptor of ippo-core as this build resolved it (its jar once packaged)
 * and compiles small modules against it, the way a user's build would.
 */
class ModuleBoundaryTest {
  private static final Path MODULE = ippoCore();
  private static final Set<String> API = Set.of("dev.ippo", "dev.ippo.http");

  @Test
  void theModuleExportsTheApiPackagesOnlyAndEveryOtherPackageIsInternal() {
    ModuleDescriptor descriptor = ModuleFinder.of(MODULE).find("dev.ippo").orElseThrow()
        .descriptor();
    Set<String> exported = descriptor.exports().stream()
        .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(API), exported);
    for (ModuleDescriptor.Exports e : descriptor.exports()) {
      assertFalse(e.isQualified(), "qualified export of " + e.source());
    }
    for (String p : descriptor.packages()) {
      assertTrue(API.contains(p) || p.startsWith("dev.ippo.internal."),
          "package neither API nor internal: " + p);
    }
    assertTrue(descriptor.packages().size() > API.size(), "no internal package found");
  }

  @Test
  void aProgramThatImportsTheApiCompiles(@TempDir Path dir) throws IOException {
    String errors = compile(dir, """
        import dev.ippo.WebSocket;
        import dev.ippo.WebSocketServer;
        import dev.ippo.http.HttpRequest;
        class Main {
          void run(HttpRequest request) throws Exception {
            WebSocketServer.builder().port(0).build();
            WebSocket ws = new WebSocket("ws://localhost:8080/");
            ws.onMessage(e -> System.out.println(e.text()));
          }
        }
        """);
    assertEquals("", errors);
  }

  @Test
  void aProgramThatImportsAnInternalClassDoesNotCompile(@TempDir Path dir) throws IOException {
    for (String internal : List.of("dev.ippo.internal.codec.FrameReader",
        "dev.ippo.internal.transport.EventLoop")) {
      String errors = compile(dir.resolve(internal), "import " + internal + ";\nclass Main {}\n");
      assertTrue(errors.contains("is not visible") || errors.contains("does not export"),
          internal + " was reachable: " + errors);
    }
  }

  private static Path ippoCore() {
    try {
      return Paths.get(WebSocket.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Compiles one class in a module {@code user} that requires dev.ippo; returns the errors. */
  private static String compile(Path dir, String mainSource) throws IOException {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve("module-info.java"), "module user { requires dev.ippo; }\n");
    Files.writeString(src.resolve("Main.java"), mainSource);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter out = new StringWriter();
    javac.getTask(out, null, null,
        List.of("--module-path", MODULE.toString(), "-d", dir.resolve("out").toString()), null,
        javac.getStandardFileManager(null, null, null).getJavaFileObjects(
            src.resolve("module-info.java"), src.resolve("Main.java"))).call();
    return out.toString();
  }
}
