/**
 * JMH micro benchmarks of the protocol layer's hot paths (frame reading and writing,
 * masking, UTF-8 validation, handshake parsing, permessage-deflate), and
 * {@link dev.ippo.bench.jmh.JmhReport}, which turns JMH's JSON result into the table of
 * {@code docs/BENCHMARKS.md}.
 *
 * <p>Run them with {@code bench/jmh [--quick]} from the repository root. Benchmarks whose
 * state has a {@code size} parameter process that many payload bytes per operation; the
 * report multiplies it by the score to give bytes per second.
 */
package dev.ippo.bench.jmh;
