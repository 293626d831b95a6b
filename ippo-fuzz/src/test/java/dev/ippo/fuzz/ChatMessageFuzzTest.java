package dev.ippo.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ippo.cli.chat.ChatError;
import dev.ippo.cli.chat.ClientMessage;
import dev.ippo.cli.chat.ClientMessageParser;

/**
 * The chat's reading of what a browser sends, the parser and then the rules a join or a
 * line must pass: a message or a ChatError, nothing else; and what passes the rules is
 * trimmed, of the allowed length, and (for names and rooms) free of control characters and
 * line separators, which would forge lines on the page and in the log.
 */
class ChatMessageFuzzTest {
  @FuzzTest(maxDuration = "60m")
  void framesFromAPage(FuzzedDataProvider data) {
    String frame = data.consumeRemainingAsString();
    try {
      ClientMessage message = ClientMessageParser.parse(frame);
      assertNotNull(message);
      if (message instanceof ClientMessage.Join join) {
        assertLabel(join.validName());
        assertLabel(join.validRoom());
      } else if (message instanceof ClientMessage.Say say) {
        String text = say.validText();
        assertTrue(!text.isEmpty() && text.equals(text.strip())
            && text.codePointCount(0, text.length()) <= ClientMessage.MAX_TEXT_LENGTH, text);
      }
    } catch (ChatError e) {
      assertNotNull(e.code());
      assertNotNull(e.getMessage());
    }
  }

  private static void assertLabel(String label) {
    int length = label.codePointCount(0, label.length());
    assertTrue(length >= 1 && length <= ClientMessage.MAX_NAME_LENGTH
        && label.equals(label.strip()), label);
    assertTrue(label.codePoints().noneMatch(c -> Character.isISOControl(c)
        || c == '\u2028' || c == '\u2029'), label);
  }
}
