package dev.ippo.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ippo.cli.chat.ChatError;
import dev.ippo.cli.chat.ClientMessageParser;

/** The chat's parser of what a browser sends: a message, or a ChatError, and nothing else. */
class ChatMessageFuzzTest {
  @FuzzTest(maxDuration = "60m")
  void framesFromAPage(FuzzedDataProvider data) {
    String frame = data.consumeRemainingAsString();
    try {
      assertNotNull(ClientMessageParser.parse(frame));
    } catch (ChatError e) {
      assertNotNull(e.getMessage());
    }
  }
}
