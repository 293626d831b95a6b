/**
 * Ippo's conformance suite, in the manner of the Autobahn TestSuite's case groups.
 *
 * <ul>
 *   <li><b>Server cases</b> ({@link dev.ippo.conformance.ServerCases}): a raw client
 *       ({@link dev.ippo.conformance.RawClient}, a blocking socket and a frame codec of its
 *       own) sends valid and invalid frames, whole or in chunks, and checks the echo, the
 *       close code and the TCP close. Groups: 1 framing, 2 ping/pong, 3 reserved bits,
 *       4 opcodes, 5 fragmentation, 6 UTF-8 (with fail-fast), 7 closing, 9 large and many
 *       messages, 10 arbitrary splits. Each case ends OK, NON-STRICT (right code, but late)
 *       or FAILED, with the close code the server sent.</li>
 *   <li><b>Targets</b>: Ippo's server ({@code IppoServerConformanceTest}, where every case
 *       must be OK) and Node's {@code ws} ({@code WsServerConformanceTest}, the reference
 *       that proves the expectations). Results are compared with
 *       {@code src/test/resources/conformance/expected-<target>.txt}; a run writes
 *       {@code target/conformance/<target>.txt} (readable) and {@code <target>.actual.txt}
 *       (the expected-file format: copy it over the expected file only when a change of
 *       behaviour is intended, and never to make Ippo's file accept a failure).</li>
 *   <li><b>Deflate suite</b> ({@link dev.ippo.conformance.DeflateServerCases}): groups 1-10
 *       re-run with permessage-deflate agreed, then 12 compressed messages, 13 parameters
 *       (each answer checked by {@link dev.ippo.conformance.DeflateAgreement}) and 14
 *       violations (RSV1 where forbidden, corrupt data, bombs, invalid UTF-8), against
 *       {@code IppoDeflateConformanceTest} and {@code WsDeflateConformanceTest}, with
 *       {@code expected-ippo-deflate.txt} and {@code expected-ws-deflate.txt}; and against
 *       the program itself, {@code ippo echo --deflate} in a process of its own
 *       ({@code IppoEchoDeflateConformanceTest}, every case on its default path, held to
 *       Ippo's file). The raw client compresses with
 *       {@link dev.ippo.conformance.DeflateCodec}, java.util.zip only.</li>
 *   <li><b>Handshake cases</b> ({@code HandshakeConformanceTest}): malformed upgrade
 *       requests against Ippo's server and the status each must get.</li>
 *   <li><b>Client cases</b> ({@code ClientConformanceTest}): a raw bad server
 *       ({@link dev.ippo.conformance.BadServer}) misbehaves at Ippo's client;
 *       {@code DeflateClientConformanceTest} does so with permessage-deflate answers and
 *       compressed frames, and {@code DeflateHandshakeConformanceTest} sends malformed
 *       offers to Ippo's server.</li>
 * </ul>
 */
package dev.ippo.conformance;
