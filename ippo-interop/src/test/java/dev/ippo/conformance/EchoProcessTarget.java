package dev.ippo.conformance;

import dev.ippo.interop.PeerProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An echo server in a process of its own, on 127.0.0.1 and a free port read from its
 * listening line.
 *
 * <p>Node's {@code ws} echo server ({@code src/test/node/echo-server.js}): the reference that
 * shows the suite's own expectations hold against a well-known implementation. With
 * permessage-deflate ({@code deflate-echo-server.js}) it is the deflate suite's reference:
 * it serves {@code /}, {@code /small} and {@code /client-window-10} on one port, with the
 * options {@link InProcessEchoTarget#withDeflate()} gives its three servers.
 *
 * <p>The {@code ippo echo} program, with the options given, serves every path alike.
 *
 * <p>Thread safe.
 */
final class EchoProcessTarget implements ServerTarget {
  private final String name;
  private final PeerProcess process;
  private final int port;

  private EchoProcessTarget(String name, PeerProcess process, int port) {
    this.name = name;
    this.process = process;
    this.port = port;
  }

  static EchoProcessTarget nodeWs() throws IOException, InterruptedException {
    return start("ws", PeerProcess.node("echo-server.js"));
  }

  static EchoProcessTarget nodeWsWithDeflate() throws IOException, InterruptedException {
    return start("ws-deflate", PeerProcess.node("deflate-echo-server.js"));
  }

  /** {@code ippo echo --host 127.0.0.1 --port 0 <options...>}, reported as {@code name}. */
  static EchoProcessTarget ippoEcho(String name, String... options)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("echo", "--host", "127.0.0.1", "--port", "0"));
    args.addAll(List.of(options));
    return start(name, PeerProcess.ippo(args.toArray(String[]::new)));
  }

  private static EchoProcessTarget start(String name, PeerProcess process)
      throws InterruptedException {
    try {
      return new EchoProcessTarget(name, process, process.awaitListening());
    } catch (RuntimeException | Error | InterruptedException e) {
      process.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public void close() {
    process.close();
  }
}
