package dev.ippo.internal.engine;

import dev.ippo.HttpHandler;
import dev.ippo.VerifyClient;

/** Server settings and contexts for the engine's tests, with only what a test varies. */
final class TestServers {
  private TestServers() {}

  static ServerSettings settings(ConnectionSettings connection, VerifyClient verify,
      HttpHandler http, long sendBudget) {
    return new ServerSettings(null, 0, 1, null, verify, (offered, request) -> null, true, true,
        http, ServerSettings.MAX_HEADER_SIZE, 1, null, ServerSettings.RECEIVE_BUDGET,
        sendBudget, null, connection);
  }

  static ServerContext context(ConnectionSettings connection, long sendBudget) {
    return new ServerContext(settings(connection, null, null, sendBudget));
  }
}
