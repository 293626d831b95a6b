package dev.ippo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP CONNECT proxy for the tests, here and in the other modules' (through
 * ippo-core's test jar): on 127.0.0.1, it reads each CONNECT head, checks
 * {@code Proxy-Authorization} when it was given credentials (407 otherwise), connects to the
 * target, answers 200 and relays bytes both ways until either side ends. It keeps every
 * request line and {@code Proxy-Authorization} it saw, so a test can tell that a client went
 * through it, and to where. Names given to {@link #alias} are resolved by the proxy alone,
 * so a client that reaches a server by such a name must have let the proxy resolve it.
 *
 * <p>Thread safe: one thread accepts, two relay each tunnel; all are daemons, ended by
 * {@link #close}.
 */
public final class ConnectProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final String expected;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Map<String, String> aliases = new ConcurrentHashMap<>();

  private ConnectProxy(String user, String password) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    this.expected = user == null ? null : "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    Thread acceptor = new Thread(this::accept, "connect-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy that lets anyone through. */
  public static ConnectProxy open() throws IOException {
    return new ConnectProxy(null, null);
  }

  /** A proxy that asks for these credentials, with 407 to anyone without them. */
  public static ConnectProxy withCredentials(String user, String password) throws IOException {
    return new ConnectProxy(user, password);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Makes the proxy reach {@code address} for {@code name}, a name no DNS knows. */
  public ConnectProxy alias(String name, String address) {
    aliases.put(name, address);
    return this;
  }

  /** The request lines seen, in order: {@code CONNECT host:port HTTP/1.1}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** The {@code Proxy-Authorization} values seen, "" for a request without one. */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        sockets.add(client);
        daemon("connect-proxy-tunnel", () -> tunnel(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void tunnel(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      List<String> head = readHead(in);
      String line = head.isEmpty() ? "" : head.get(0);
      requests.add(line);
      String authorization = field(head, "Proxy-Authorization");
      authorizations.add(authorization);
      String[] parts = line.split(" ");
      if (parts.length != 3 || !parts[0].equals("CONNECT")) {
        answer(out, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      if (expected != null && !expected.equals(authorization)) {
        answer(out, "HTTP/1.1 407 Proxy Authentication Required\r\n"
            + "Proxy-Authenticate: Basic realm=\"tests\"\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      int colon = parts[1].lastIndexOf(':');
      String host = parts[1].substring(0, colon).replace("[", "").replace("]", "");
      host = aliases.getOrDefault(host, host);
      Socket server;
      try {
        server = new Socket(host, Integer.parseInt(parts[1].substring(colon + 1)));
      } catch (IOException e) {
        answer(out, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      sockets.add(server);
      try (server) {
        answer(out, "HTTP/1.1 200 Connection established\r\n\r\n");
        Thread up = daemon("connect-proxy-up", () -> relay(in, server));
        relay(server.getInputStream(), client);
        up.join(10_000);
      }
    } catch (IOException | InterruptedException e) {
      // the test closed the proxy, or a side went away: the tunnel ends either way
    }
  }

  /** Copies until {@code from} ends, then passes the end on as a half close. */
  private static void relay(InputStream from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try {
      OutputStream out = to.getOutputStream();
      for (int n; (n = from.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (SocketException closed) {
      // the other side or the test closed the socket
    } catch (IOException e) {
      // as above
    }
  }

  private static void answer(OutputStream out, String head) throws IOException {
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** The head's lines up to the blank one, read a byte at a time so no tunnel byte is taken. */
  private static List<String> readHead(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4 && bytes.size() < 16 * 1024) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      bytes.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n'
          && (matched == 1 || matched == 3)) ? matched + 1 : b == '\r' ? 1 : 0;
    }
    String text = bytes.toString(StandardCharsets.ISO_8859_1);
    return List.of(text.split("\r\n"));
  }

  private static String field(List<String> head, String name) {
    String prefix = name.toLowerCase(Locale.ROOT) + ":";
    for (String line : head.subList(Math.min(1, head.size()), head.size())) {
      if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
        return line.substring(prefix.length()).trim();
      }
    }
    return "";
  }

  private static Thread daemon(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
