package dev.ippo;

/**
 * Messages and bytes, each way: a server's over all its connections
 * ({@link ServerStats#traffic()}), a client's over its own ({@link WebSocket#traffic()}).
 * Whole messages count once, text and binary alike; a broadcast counts once per connection
 * it is queued for; pings, pongs and close frames count only in the wire bytes.
 *
 * <pre>{@code
 * TrafficStats t = server.stats().traffic();
 * System.out.printf("%d messages in, %.1f bytes of frames per payload byte out%n",
 *     t.messagesIn(), (double) t.wireBytesOut() / t.payloadBytesOut());
 * }</pre>
 *
 * @param messagesIn whole messages received
 * @param payloadBytesIn their bytes, inflated
 * @param wireBytesIn WebSocket bytes received: frame headers and payloads as they came,
 *     compressed or not (TLS records and the HTTP handshake not counted)
 * @param messagesOut whole messages queued for the peer (not those skipped by
 *     {@link SlowConsumerPolicy#DROP} nor those sent to a closed connection)
 * @param payloadBytesOut their bytes, before compressing
 * @param wireBytesOut WebSocket bytes queued for the peer, every frame counted
 * @param deflate what permessage-deflate did, of the messages it compressed
 */
public record TrafficStats(long messagesIn, long payloadBytesIn, long wireBytesIn,
    long messagesOut, long payloadBytesOut, long wireBytesOut, Deflate deflate) {

  /**
   * The messages permessage-deflate compressed, each way (all 0 when it was not agreed).
   *
   * @param compressedIn compressed payload bytes received
   * @param inflatedIn what they inflated to
   * @param uncompressedOut payload bytes of the messages sent compressed
   * @param compressedOut what they were compressed to
   */
  public record Deflate(long compressedIn, long inflatedIn, long uncompressedOut,
      long compressedOut) {

    /**
     * How many bytes each byte received compressed stood for: 4.0 means a quarter.
     *
     * @return inflatedIn / compressedIn, or 1 before any compressed message came
     */
    public double ratioIn() {
      return compressedIn == 0 ? 1 : (double) inflatedIn / compressedIn;
    }

    /**
     * How many bytes each byte sent compressed stood for.
     *
     * @return uncompressedOut / compressedOut, or 1 before any message went compressed
     */
    public double ratioOut() {
      return compressedOut == 0 ? 1 : (double) uncompressedOut / compressedOut;
    }
  }
}
