package dev.ippo.internal.codec;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Retry-After} header field of RFC 9110 section 10.2.3: how long a server that
 * answered 503 asks its client to wait, as a number of seconds ({@code 120}) or an HTTP date
 * ({@code Fri, 04 Dec 2026 23:00:00 GMT}).
 *
 * <p>Thread safe: no state.
 */
public final class RetryAfter {
  private RetryAfter() {}

  /** A count of seconds with more digits than this overflows a long of milliseconds. */
  private static final int MAX_DIGITS = 12;

  /**
   * The wait the value asks for, in milliseconds from {@code now}.
   *
   * @param value the field's value; null when the response had none
   * @param now the time the response arrived, for a date
   * @return the wait, 0 for a date in the past, or -1 when there is no value or it is neither
   *     form (the field is then ignored, as RFC 9110 lets a recipient do)
   */
  public static long millis(String value, Instant now) {
    if (value == null) {
      return -1;
    }
    String v = value.trim();
    if (!v.isEmpty() && v.length() <= MAX_DIGITS
        && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Long.parseLong(v) * 1000;
    }
    try {
      // IMF-fixdate, the form RFC 9110 says senders use; RFC 1123's parser also reads the
      // variants without a weekday or with one-digit days.
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Math.max(0, at.toEpochMilli() - now.toEpochMilli());
    } catch (DateTimeException e) {
      return -1;
    }
  }
}
