package dev.ippo.internal.engine;

import dev.ippo.HttpHandler;
import dev.ippo.SlowConsumerPolicy;
import dev.ippo.VerifyClient;

/** Server settings and contexts for the engine's tests, with only what a test varies. */
final class TestServers {
  private TestServers() {}

  static ServerSettings settings(ConnectionSettings connection, VerifyClient verify,
      HttpHandler http, long sendBudget) {
    return settings(connection, verify, http, sendBudget, SlowConsumerPolicy.CLOSE);
  }

  private static ServerSettings settings(ConnectionSettings connection, VerifyClient verify,
      HttpHandler http, long sendBudget, SlowConsumerPolicy slowConsumers) {
    return new ServerSettings(null, 0, 1, null, verify, (offered, request) -> null, true, true,
        http, ServerSettings.MAX_HEADER_SIZE, 1, null, ServerSettings.RECEIVE_BUDGET,
        sendBudget, null, slowConsumers, 0, connection);
  }

  static ServerContext context(ConnectionSettings connection, long sendBudget) {
    return context(connection, sendBudget, SlowConsumerPolicy.CLOSE);
  }

  static ServerContext context(ConnectionSettings connection, long sendBudget,
      SlowConsumerPolicy slowConsumers) {
    return new ServerContext(settings(connection, null, null, sendBudget, slowConsumers));
  }
}
