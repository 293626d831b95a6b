package dev.ippo.internal.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * A server's TLS context that can be made again from its files: each new connection takes
 * the current one, so a reload reaches new handshakes while open connections go on with
 * theirs. Whether the files changed is told by their size and modification time.
 *
 * <p>Thread safe: the context is swapped whole; reloads are serialized.
 */
public final class ReloadableContext {
  /** Makes the context from the files. */
  @FunctionalInterface
  public interface Loader {
    SSLContext load() throws IOException, GeneralSecurityException;
  }

  /** Whether the server asks clients for a certificate (mutual TLS). */
  public enum ClientAuth { NONE, WANT, NEED }

  private final Loader loader;
  private final ClientAuth clientAuth;
  private final List<Path> files;
  private final Duration checkEvery;
  private volatile SSLContext context;
  private List<String> stamps;

  /**
   * Loads the context now.
   *
   * @param clientAuth whether each engine asks the client for a certificate
   * @param files what the loader reads, watched for changes; empty for a context that is
   *     never made again
   * @param checkEvery how often a server looks at the files; zero for never
   */
  public ReloadableContext(Loader loader, ClientAuth clientAuth, List<Path> files,
      Duration checkEvery) throws IOException, GeneralSecurityException {
    this.loader = Objects.requireNonNull(loader);
    this.clientAuth = Objects.requireNonNull(clientAuth);
    this.files = List.copyOf(files);
    this.checkEvery = files.isEmpty() ? Duration.ZERO : checkEvery;
    this.stamps = stamps();
    this.context = loader.load();
  }

  /** The context new connections take. */
  public SSLContext current() {
    return context;
  }

  /** Whether the server asks clients for a certificate. */
  public ClientAuth clientAuth() {
    return clientAuth;
  }

  /** How often a server looks at the files for a change; zero for never. */
  public Duration checkEvery() {
    return checkEvery;
  }

  /** Makes the context again from the files; the current one stays when that fails. */
  public synchronized void reload() throws IOException, GeneralSecurityException {
    List<String> now = stamps();
    context = loader.load();
    stamps = now;
  }

  /**
   * Reloads when a file changed since the last load; true when it did. A file caught in the
   * middle of being written fails to load and is tried again at the next check.
   */
  public synchronized boolean reloadIfChanged() throws IOException, GeneralSecurityException {
    if (files.isEmpty() || stamps().equals(stamps)) {
      return false;
    }
    reload();
    return true;
  }

  /** The files watched. */
  public List<Path> files() {
    return files;
  }

  private List<String> stamps() throws IOException {
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      out.add(Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis());
    }
    return out;
  }
}
