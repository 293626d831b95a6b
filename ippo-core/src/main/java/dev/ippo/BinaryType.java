package dev.ippo;

/**
 * How {@link MessageEvent#data()} presents a binary message, like the browser's
 * {@code binaryType} ({@code "blob"} has no Java counterpart, a byte array stands in).
 */
public enum BinaryType {
  /** {@code data()} is a {@code byte[]} (the default). */
  BYTES,
  /** {@code data()} is a read-only {@link java.nio.ByteBuffer}, like an ArrayBuffer. */
  BUFFER
}
