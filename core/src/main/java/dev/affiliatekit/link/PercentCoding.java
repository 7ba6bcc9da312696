package dev.affiliatekit.link;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * RFC 3986 percent-encoding of UTF-8 text for URL components, and its strict decoding.
 *
 * <p>Encoding keeps the unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) and the few others
 * that a component allows as data, and writes every other UTF-8 byte as {@code %XX} with upper-case
 * hex digits; a space is {@code %20}, never {@code +}.
 */
final class PercentCoding {

  /**
   * What a query name or value keeps: the unreserved characters and {@code ! $ ' ( ) * , : @ / ?}.
   * {@code &}, {@code =}, {@code +} and {@code ;} are encoded, since query parsers split on them or
   * read them as a space.
   */
  static final boolean[] QUERY = safe("!$'()*,:@/?");

  /**
   * What a path segment keeps: the unreserved characters, the sub-delimiters, {@code :}, {@code @}.
   */
  static final boolean[] PATH_SEGMENT = safe("!$&'()*+,;=:@");

  /**
   * What a link code keeps as a query value: {@link #QUERY} without {@code $}, {@code *} and
   * {@code ~}. They are a generated code's check symbol, its last character and often the link's;
   * link detectors (of X's posts, of GitHub-flavoured Markdown) read a trailing {@code $}, {@code
   * *} or {@code ~} as punctuation and cut it off the link, while {@code %24}, {@code %2A} and
   * {@code %7E} end in a hex digit that they keep.
   */
  static final boolean[] QUERY_CODE = without(QUERY, "$*~");

  /** What a link code keeps as a path segment: {@link #PATH_SEGMENT} without {@code $ * ~}. */
  static final boolean[] PATH_SEGMENT_CODE = without(PATH_SEGMENT, "$*~");

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentCoding() {}

  private static boolean[] safe(String extra) {
    boolean[] safe = new boolean[128];
    for (char c = 'A'; c <= 'Z'; c++) {
      safe[c] = true;
      safe[c + ('a' - 'A')] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      safe[c] = true;
    }
    for (char c : ("-._~" + extra).toCharArray()) {
      safe[c] = true;
    }
    return safe;
  }

  private static boolean[] without(boolean[] safe, String encoded) {
    boolean[] fewer = safe.clone();
    for (int i = 0; i < encoded.length(); i++) {
      fewer[encoded.charAt(i)] = false;
    }
    return fewer;
  }

  /** Appends the text percent-encoded, keeping the characters marked safe. */
  @CanIgnoreReturnValue
  static StringBuilder encode(StringBuilder out, CharSequence text, boolean[] safe) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 128 && safe[c]) {
        out.append(c);
        continue;
      }
      int codePoint = c;
      if (Character.isHighSurrogate(c) && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        codePoint = Character.toCodePoint(c, text.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        // An unpaired surrogate has no UTF-8 form; write the replacement character instead.
        codePoint = 0xFFFD;
      }
      appendUtf8(out, codePoint);
    }
    return out;
  }

  private static void appendUtf8(StringBuilder out, int codePoint) {
    if (codePoint < 0x80) {
      appendByte(out, codePoint);
    } else if (codePoint < 0x800) {
      appendByte(out, 0xC0 | codePoint >> 6);
      appendByte(out, 0x80 | (codePoint & 0x3F));
    } else if (codePoint < 0x10000) {
      appendByte(out, 0xE0 | codePoint >> 12);
      appendByte(out, 0x80 | (codePoint >> 6 & 0x3F));
      appendByte(out, 0x80 | (codePoint & 0x3F));
    } else {
      appendByte(out, 0xF0 | codePoint >> 18);
      appendByte(out, 0x80 | (codePoint >> 12 & 0x3F));
      appendByte(out, 0x80 | (codePoint >> 6 & 0x3F));
      appendByte(out, 0x80 | (codePoint & 0x3F));
    }
  }

  private static void appendByte(StringBuilder out, int b) {
    out.append('%').append(HEX[b >> 4 & 0xF]).append(HEX[b & 0xF]);
  }

  /**
   * Decodes {@code text[start, end)}: {@code %XX} escapes as UTF-8 bytes and, if {@code
   * plusIsSpace}, {@code +} as a space; other characters stay as they are.
   *
   * @return the decoded text, or null if an escape is malformed ({@code %} not followed by two hex
   *     digits) or the escaped bytes are not well-formed UTF-8
   */
  static @Nullable String decode(CharSequence text, int start, int end, boolean plusIsSpace) {
    int firstSpecial = -1;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '%' || (c == '+' && plusIsSpace)) {
        firstSpecial = i;
        break;
      }
    }
    if (firstSpecial < 0) {
      return text.subSequence(start, end).toString();
    }
    StringBuilder out = new StringBuilder(end - start);
    out.append(text, start, firstSpecial);
    byte[] bytes = new byte[(end - firstSpecial) / 3];
    int i = firstSpecial;
    while (i < end) {
      char c = text.charAt(i);
      if (c != '%') {
        out.append(c == '+' && plusIsSpace ? ' ' : c);
        i++;
        continue;
      }
      // A run of escapes is decoded at once: one character may take up to four of them.
      int count = 0;
      while (i < end && text.charAt(i) == '%') {
        if (i + 2 >= end) {
          return null;
        }
        int high = hexValue(text.charAt(i + 1));
        int low = hexValue(text.charAt(i + 2));
        if (high < 0 || low < 0) {
          return null;
        }
        bytes[count++] = (byte) (high << 4 | low);
        i += 3;
      }
      if (!appendUtf8(out, bytes, count)) {
        return null;
      }
    }
    return out.toString();
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  /** Appends the bytes decoded as UTF-8; returns false if they are not well-formed UTF-8. */
  private static boolean appendUtf8(StringBuilder out, byte[] bytes, int count) {
    boolean ascii = true;
    for (int i = 0; i < count; i++) {
      ascii &= bytes[i] >= 0;
    }
    if (ascii) {
      for (int i = 0; i < count; i++) {
        out.append((char) bytes[i]);
      }
      return true;
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, count));
      out.append(chars);
      return true;
    } catch (CharacterCodingException malformed) {
      return false;
    }
  }
}
