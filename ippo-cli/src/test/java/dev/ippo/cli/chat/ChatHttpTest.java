package dev.ippo.cli.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.WebSocketServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The page and the other plain HTTP answers, on the chat's own port. */
class ChatHttpTest {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      // Plain HTTP/1.1: the JDK would otherwise offer an h2c upgrade.
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private static WebSocketServer server;

  @BeforeAll
  static void start() throws Exception {
    server = ChatService.configure(WebSocketServer.builder().host("127.0.0.1").port(0)).build();
    ChatService.serve(server, new PrintStream(OutputStream.nullOutputStream()));
    server.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<byte[]> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = ChatService.class.getResourceAsStream("web/" + name)) {
      return in.readAllBytes();
    }
  }

  private static void assertFile(String path, String name, String contentType) throws Exception {
    HttpResponse<byte[]> response = get(path);
    assertEquals(200, response.statusCode());
    assertEquals(Optional.of(contentType), response.headers().firstValue("Content-Type"));
    assertEquals(Optional.of("no-cache"), response.headers().firstValue("Cache-Control"));
    assertArrayEquals(resource(name), response.body());
  }

  @Test
  void theRootIsThePage() throws Exception {
    assertFile("/", "index.html", "text/html; charset=utf-8");
    String page = new String(get("/").body(), StandardCharsets.UTF_8);
    assertTrue(page.contains("<title>Ippo chat</title>"), page);
    assertTrue(page.contains("id=\"state\""), page);
    assertTrue(page.contains("<script src=\"chat.js\""), page);
    // The query does not change the file.
    assertArrayEquals(resource("index.html"), get("/?room=1").body());
  }

  @Test
  void theScriptAndTheStyleSheet() throws Exception {
    assertFile("/chat.js", "chat.js", "text/javascript; charset=utf-8");
    assertFile("/chat.css", "chat.css", "text/css; charset=utf-8");
  }

  @Test
  void healthCheckSaysOk() throws Exception {
    HttpResponse<byte[]> response = get("/healthz");
    assertEquals(200, response.statusCode());
    assertEquals("ok", new String(response.body(), StandardCharsets.UTF_8));
  }

  @Test
  void anythingElseIsNotFound() throws Exception {
    for (String path : new String[] {"/nope", "/index.html", "/web/chat.js", "/chat.js/"}) {
      HttpResponse<byte[]> response = get(path);
      assertEquals(404, response.statusCode(), path);
      assertEquals("not found", new String(response.body(), StandardCharsets.UTF_8), path);
    }
  }

  @Test
  void onlyGetIsAllowed() throws Exception {
    HttpResponse<byte[]> response =
        send(HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.ofString("x")));
    assertEquals(405, response.statusCode());
    assertEquals(Optional.of("GET"), response.headers().firstValue("Allow"));
  }

  @Test
  void theEndpointWithoutUpgradeSaysWhatItIs() throws Exception {
    HttpResponse<byte[]> response = get(ChatService.ENDPOINT);
    assertEquals(426, response.statusCode());
    assertEquals(Optional.of("websocket"), response.headers().firstValue("Upgrade"));
  }
}
