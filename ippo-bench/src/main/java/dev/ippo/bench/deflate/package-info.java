/**
 * {@code bench/deflate}: what permessage-deflate costs Ippo's server in memory per connection
 * and in echo throughput, driven by Ippo's own client since the C load generator offers no
 * deflate. {@link dev.ippo.bench.deflate.DeflateLoad} is the entry point.
 */
package dev.ippo.bench.deflate;
