package dev.ippo.conformance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The server suite with permessage-deflate: groups 1 to 10 re-run with deflate agreed (the
 * client offers {@link CompressedMessageCases#OFFER} and sends its frames as before,
 * uncompressed; the server may compress its echoes, which are inflated before they are
 * compared), then groups 12 (compressed messages), 13 (parameters) and 14 (violations).
 *
 * <p>Three cases of the re-run are left out, since deflate gives RSV1 on a data frame a
 * meaning: 3.1, 3.4 and 3.9 (text or binary with RSV1 must fail with 1002 only while no
 * extension is agreed). Group 14 covers RSV1 where it stays forbidden.
 *
 * <p>Stateless; thread safe.
 */
final class DeflateServerCases {
  /** Cases of groups 1 to 10 whose meaning deflate changes. */
  static final Set<String> NOT_UNDER_DEFLATE = Set.of("3.1", "3.4", "3.9");

  private DeflateServerCases() {}

  static List<ServerCase> all() {
    List<ServerCase> all = new ArrayList<>();
    for (ServerCase c : ServerCases.all()) {
      if (!NOT_UNDER_DEFLATE.contains(c.id())) {
        all.add(c.offering(CompressedMessageCases.OFFER));
      }
    }
    all.addAll(CompressedMessageCases.cases());
    all.addAll(DeflateParameterCases.cases());
    all.addAll(DeflateViolationCases.cases());
    Set<String> ids = new HashSet<>();
    for (ServerCase c : all) {
      if (!ids.add(c.id())) {
        throw new IllegalStateException("two cases with id " + c.id());
      }
    }
    return all;
  }
}
