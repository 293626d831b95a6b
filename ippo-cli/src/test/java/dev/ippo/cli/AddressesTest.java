package dev.ippo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AddressesTest {
  @Test
  void wildcardsBecomeAnAddressThatAnswers() {
    assertEquals("ws://localhost:8080/", Addresses.url(null, 8080));
    assertEquals("ws://localhost:8080/", Addresses.url("::", 8080));
    assertEquals("ws://127.0.0.1:8080/", Addresses.url("0.0.0.0", 8080));
  }

  @Test
  void givenHostsStayAsTyped() {
    assertEquals("ws://127.0.0.1:9001/", Addresses.url("127.0.0.1", 9001));
    assertEquals("ws://example.test:9001/", Addresses.url("example.test", 9001));
    assertEquals("ws://[::1]:9001/", Addresses.url("::1", 9001));
  }

  @Test
  void peersAreNumericWithIpv6InBrackets() throws Exception {
    assertEquals("127.0.0.1:5000",
        Addresses.format(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5000)));
    assertEquals("[0:0:0:0:0:0:0:1]:5000",
        Addresses.format(new InetSocketAddress(InetAddress.getByName("::1"), 5000)));
    assertEquals("unknown", Addresses.format(null));
  }
}
