package dev.ippo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionParserTest {
  private static final List<OptionSpec> SPECS = List.of(
      OptionSpec.valued("port", "N", "the port"),
      OptionSpec.valued("host", "H", "the host"),
      OptionSpec.flag("help", "help"));

  private static ParsedOptions parse(String... args) throws UsageException {
    return OptionParser.parse(SPECS, List.of(args));
  }

  private static String error(String... args) {
    return assertThrows(UsageException.class, () -> parse(args)).getMessage();
  }

  @Test
  void readsValuesInEitherSpelling() throws Exception {
    ParsedOptions options = parse("--port", "8081", "--host=::1");
    assertEquals(8081, options.port("port", 1));
    assertEquals("::1", options.get("host", null));
    assertFalse(options.has("help"));
  }

  @Test
  void absentOptionsTakeTheFallback() throws Exception {
    ParsedOptions options = parse();
    assertEquals(9001, options.port("port", 9001));
    assertEquals(null, options.get("host", null));
  }

  @Test
  void flagNeedsNoValue() throws Exception {
    assertTrue(parse("--port", "1", "--help").has("help"));
    assertEquals("--help takes no value", error("--help=yes"));
  }

  @Test
  void lastValueWins() throws Exception {
    assertEquals(2, parse("--port", "1", "--port", "2").port("port", 0));
  }

  @Test
  void unknownOptionIsNamed() {
    assertEquals("unknown option --prot", error("--prot", "80"));
  }

  @Test
  void missingValueIsReported() {
    assertEquals("--port needs a value (--port N)", error("--port"));
    assertEquals("--port needs a value (--port N)", error("--port", "--host", "h"));
  }

  @Test
  void positionalArgumentsAreRefused() {
    assertEquals("unexpected argument '8080'", error("8080"));
    assertEquals("unexpected argument '--'", error("--"));
    assertEquals("unknown option -p (options are spelt --name)", error("-p", "1"));
  }

  @Test
  void everyValueOfARepeatedOptionIsKept() throws Exception {
    ParsedOptions options = parse("--host", "a", "--host=b", "--host", "c");
    assertEquals(List.of("a", "b", "c"), options.all("host"));
    assertEquals("c", options.get("host", null));
    assertEquals(List.of(), options.all("port"));
  }

  @Test
  void operandsTakeTheArgumentsWithoutDashesInOrder() throws Exception {
    List<OptionSpec> specs = List.of(OptionSpec.operand("from", "where"),
        OptionSpec.operand("to", "where to"), OptionSpec.valued("port", "N", "the port"));
    ParsedOptions options = OptionParser.parse(specs, List.of("x", "--port", "1", "y"));
    assertEquals("x", options.get("from", null));
    assertEquals("y", options.get("to", null));
    assertEquals(1, options.port("port", 0));
    assertEquals(null, OptionParser.parse(specs, List.of("x")).get("to", null));
    assertEquals("unexpected argument 'z'", assertThrows(UsageException.class,
        () -> OptionParser.parse(specs, List.of("x", "y", "z"))).getMessage());
    assertEquals("unknown option --from", assertThrows(UsageException.class,
        () -> OptionParser.parse(specs, List.of("--from", "x"))).getMessage());
    assertEquals("<from>", specs.get(0).synopsis());
  }

  @Test
  void portMustBeANumberInRange() throws Exception {
    for (String bad : new String[] {"http", "-1", "65536", ""}) {
      ParsedOptions options = parse("--port=" + bad);
      UsageException e = assertThrows(UsageException.class, () -> options.port("port", 0));
      assertEquals("--port needs a port number from 0 to 65535, not '" + bad + "'",
          e.getMessage());
    }
    assertEquals(65535, parse("--port", "65535").port("port", 1));
    assertEquals(0, parse("--port", "0").port("port", 1));
  }
}
