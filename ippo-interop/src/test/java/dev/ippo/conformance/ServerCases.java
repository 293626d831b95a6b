package dev.ippo.conformance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every case of the server suite, group by group, in the order they run and are reported.
 *
 * <p>Stateless; thread safe.
 */
final class ServerCases {
  private ServerCases() {}

  static List<ServerCase> all() {
    List<ServerCase> all = new ArrayList<>();
    all.addAll(FramingCases.cases());
    all.addAll(PingPongCases.cases());
    all.addAll(ReservedBitsCases.cases());
    all.addAll(OpcodeCases.cases());
    all.addAll(FragmentationCases.cases());
    all.addAll(Utf8Cases.cases());
    all.addAll(CloseCases.cases());
    all.addAll(LargeMessageCases.cases());
    all.addAll(AutoFragmentationCases.cases());
    Set<String> ids = new HashSet<>();
    for (ServerCase c : all) {
      if (!ids.add(c.id())) {
        throw new IllegalStateException("two cases with id " + c.id());
      }
    }
    return all;
  }
}
