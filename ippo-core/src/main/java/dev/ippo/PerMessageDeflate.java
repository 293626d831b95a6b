package dev.ippo;

import dev.ippo.internal.codec.DeflateParameters;
import dev.ippo.internal.codec.ZlibPool;
import dev.ippo.internal.engine.DeflateConfig;
import java.util.zip.Deflater;

/**
 * permessage-deflate (RFC 7692), as {@code ws}'s {@code perMessageDeflate} option: what an
 * end asks for, and how it compresses.
 *
 * <pre>{@code
 * WebSocketServer wss = WebSocketServer.builder()
 *     .port(8080)
 *     .perMessageDeflate(PerMessageDeflate.builder()
 *         .serverNoContextTakeover(true)   // no deflater kept per connection
 *         .threshold(256)                  // shorter messages go as they are
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p><b>Memory.</b> A deflater takes about 256 KiB of native memory and an inflater about
 * 40 KiB. None is made before a connection's first compressed message, so idle connections
 * cost nothing extra. Where a direction keeps its context (the default), its deflater or
 * inflater then lives with the connection and is ended when it closes; where it takes over
 * no context, the connection borrows one from a pool shared by all for each message.
 * {@code serverNoContextTakeover(true)} also lets a broadcast be compressed once for every
 * client.
 *
 * <p><b>Windows.</b> {@code java.util.zip} always deflates with a 15-bit window. When the
 * peer asks for a smaller one, Ippo agrees and compresses each message alone, and only
 * messages no longer than the window (2^bits bytes); longer ones go uncompressed.
 *
 * <p>Immutable; thread safe.
 */
public final class PerMessageDeflate {
  /** Context kept on both ends and 15-bit windows (as ws), threshold 1 KiB (as ws), level 3. */
  public static final PerMessageDeflate DEFAULTS = builder().build();

  private final int level;
  /**
   * What the engine reads: the parameters, the threshold, and the deflaters and inflaters
   * for messages without context, shared by every connection of this configuration.
   */
  private final DeflateConfig config;

  private PerMessageDeflate(Builder b) {
    this.level = b.level;
    this.config = new DeflateConfig(
        new DeflateParameters(b.serverNoContextTakeover, b.clientNoContextTakeover,
            b.serverMaxWindowBits, b.clientMaxWindowBits),
        b.threshold,
        new ZlibPool(b.level, Math.max(2, Runtime.getRuntime().availableProcessors())));
  }

  /**
   * A builder with the defaults of {@link #DEFAULTS}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether the server starts each message it sends with an empty window.
   *
   * @return true when this end asks for it; false by default
   */
  public boolean serverNoContextTakeover() {
    return config.parameters().serverNoContextTakeover();
  }

  /**
   * Whether the client starts each message it sends with an empty window.
   *
   * @return true when this end asks for it; false by default
   */
  public boolean clientNoContextTakeover() {
    return config.parameters().clientNoContextTakeover();
  }

  /**
   * The largest window the server may deflate with, 8 to 15.
   *
   * @return the window's size in bits (2^bits bytes); 15 by default
   */
  public int serverMaxWindowBits() {
    return config.parameters().serverMaxWindowBits();
  }

  /**
   * The largest window the client may deflate with, 8 to 15.
   *
   * @return the window's size in bits (2^bits bytes); 15 by default
   */
  public int clientMaxWindowBits() {
    return config.parameters().clientMaxWindowBits();
  }

  /**
   * Messages shorter than this many bytes are sent uncompressed.
   *
   * @return the threshold in bytes; 1024 by default
   */
  public int threshold() {
    return config.threshold();
  }

  /**
   * The compression level, 0 to 9.
   *
   * @return the level; 3 by default
   */
  public int level() {
    return level;
  }

  /** The engine's view of it; null for null (off). */
  static DeflateConfig configOf(PerMessageDeflate deflate) {
    return deflate == null ? null : deflate.config;
  }

  /** Builds {@link PerMessageDeflate}. Not thread safe. */
  public static final class Builder {
    private boolean serverNoContextTakeover;
    private boolean clientNoContextTakeover;
    private int serverMaxWindowBits = DeflateParameters.MAX_WINDOW_BITS;
    private int clientMaxWindowBits = DeflateParameters.MAX_WINDOW_BITS;
    private int threshold = 1024;
    private int level = 3;

    private Builder() {}

    /**
     * Whether the server starts each message it sends with an empty window. A server asks
     * for it in its answer; a client asks for it in its offer. Default: false (a server
     * still agrees when the client asks).
     *
     * @param on true to ask for it
     * @return this builder
     */
    public Builder serverNoContextTakeover(boolean on) {
      this.serverNoContextTakeover = on;
      return this;
    }

    /**
     * The same for the client's messages. Default: false (agreed when the other end asks).
     *
     * @param on true to ask for it
     * @return this builder
     */
    public Builder clientNoContextTakeover(boolean on) {
      this.clientNoContextTakeover = on;
      return this;
    }

    /**
     * The largest window the server may deflate with, 8 to 15. Default: 15.
     *
     * @param bits the window's size in bits (2^bits bytes), 8 to 15; checked by {@link #build()}
     * @return this builder
     */
    public Builder serverMaxWindowBits(int bits) {
      this.serverMaxWindowBits = bits;
      return this;
    }

    /**
     * The largest window the client may deflate with, 8 to 15. Default: 15. A server with
     * a smaller value declines offers that cannot take the limit.
     *
     * @param bits the window's size in bits (2^bits bytes), 8 to 15; checked by {@link #build()}
     * @return this builder
     */
    public Builder clientMaxWindowBits(int bits) {
      this.clientMaxWindowBits = bits;
      return this;
    }

    /**
     * Messages shorter than this many bytes go uncompressed. Default: 1024, as in ws.
     *
     * @param bytes the threshold in bytes, 0 or more (0 compresses every message)
     * @return this builder
     * @throws IllegalArgumentException when {@code bytes} is negative
     */
    public Builder threshold(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("threshold must not be negative: " + bytes);
      }
      this.threshold = bytes;
      return this;
    }

    /**
     * The compression level, 0 (none) to 9 (smallest, slowest). Default: 3, the level ws's
     * README suggests: on 1 KiB JSON messages with context kept, measured here at about
     * half the time per message of zlib's default 6, for 28 % of the size against 25 %.
     *
     * @param level the level, 0 to 9
     * @return this builder
     * @throws IllegalArgumentException when {@code level} is not 0 to 9
     */
    public Builder level(int level) {
      if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
        throw new IllegalArgumentException("level must be 0 to 9, not " + level);
      }
      this.level = level;
      return this;
    }

    /**
     * Builds the configuration; later calls on this builder do not change it.
     *
     * @return the configuration
     * @throws IllegalArgumentException when a window is not 8 to 15
     */
    public PerMessageDeflate build() {
      return new PerMessageDeflate(this);
    }
  }
}
