package dev.ippo.conformance;

import static dev.ippo.conformance.CaseSession.frame;
import static dev.ippo.conformance.CaseSession.utf8;

import java.util.ArrayList;
import java.util.List;

/**
 * Group 4, opcodes: the reserved data opcodes 3-7 and control opcodes 11-15 fail the
 * connection with 1002, alone or after a valid message (which is still echoed).
 *
 * <p>Stateless; thread safe.
 */
final class OpcodeCases {
  private OpcodeCases() {}

  static List<ServerCase> cases() {
    List<ServerCase> cases = new ArrayList<>();
    addGroup(cases, "4.1", 3);
    addGroup(cases, "4.2", 11);
    return cases;
  }

  private static void addGroup(List<ServerCase> cases, String group, int firstOpcode) {
    for (int i = 0; i < 5; i++) {
      int opcode = firstOpcode + i;
      cases.add(ServerCase.of(group + "." + (i + 1), "reserved opcode " + opcode + " -> 1002",
          s -> {
            s.sendFrame(true, 0, opcode, new byte[0]);
            s.expectClose(1002);
            return Outcome.OK;
          }));
    }
    int second = firstOpcode + 2;
    cases.add(ServerCase.of(group + ".6",
        "valid text, then opcode " + second + " with payload: echo, then 1002", s -> {
          s.sendTogether(frame(true, 0, Frame.TEXT, utf8("valid")),
              frame(true, 0, second, utf8("reserved")));
          s.expectText("valid");
          s.expectClose(1002);
          return Outcome.OK;
        }));
    int third = firstOpcode + 3;
    cases.add(ServerCase.of(group + ".7",
        "valid text, opcode " + third + ", ping: echo, 1002, no pong", s -> {
          s.sendTogether(frame(true, 0, Frame.TEXT, utf8("valid")),
              frame(true, 0, third, utf8("reserved")),
              frame(true, 0, Frame.PING, utf8("not to be answered")));
          s.expectText("valid");
          s.expectClose(1002);
          return Outcome.OK;
        }));
  }
}
