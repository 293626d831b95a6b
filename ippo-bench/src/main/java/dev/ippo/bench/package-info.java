/**
 * Benchmarks: JMH micro benchmarks of the protocol's hot paths, and the echo and broadcast
 * servers (Ippo and its peers) that the load harness in {@code bench/} drives side by side,
 * and the permessage-deflate load of {@code bench/deflate}.
 */
package dev.ippo.bench;
