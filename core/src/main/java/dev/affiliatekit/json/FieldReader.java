package dev.affiliatekit.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.affiliatekit.internal.Texts;
import java.io.IOException;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads one JSON object of a value type field by field, strictly: each field at most once, no field
 * the format does not name, and every failure as a Jackson exception whose path leads to the field,
 * or to the object when the type's constructor rejects the parts together.
 *
 * <p>Values are read with the library's own parsers rather than through the context's registered
 * deserializers, so that the format stays the documented one whatever else the mapper holds.
 */
final class FieldReader {

  /** Reads one value starting at the parser's current token. */
  @FunctionalInterface
  interface Read<T> {
    T read(JsonParser parser) throws IOException;
  }

  private final JsonParser parser;
  private final Class<?> type;
  private final String subject;
  private final List<String> fields;
  private final Set<String> seen = new HashSet<>();
  private String field = "";
  /** Whether the parser already stands inside the object, so next() must not advance. */
  private boolean pending;

  private FieldReader(JsonParser parser, Class<?> type, String subject, List<String> fields,
      boolean pending) {
    this.parser = parser;
    this.type = type;
    this.subject = subject;
    this.fields = fields;
    this.pending = pending;
  }

  /**
   * Starts reading the object at the parser's current token.
   *
   * @param type the type read, for the exceptions
   * @param subject how messages name the object, such as {@code conversion}
   * @param fields the fields the format allows
   */
  static FieldReader start(JsonParser parser, Class<?> type, String subject, List<String> fields)
      throws IOException {
    JsonToken token = parser.currentToken();
    // A type id read before the object (polymorphic typing) leaves the parser on the first
    // field, or on the end of an object that had no other field.
    boolean inside = token == JsonToken.FIELD_NAME || token == JsonToken.END_OBJECT;
    if (token != JsonToken.START_OBJECT && !inside) {
      throw MismatchedInputException.from(parser, type,
          subject + " must be a JSON object: " + shown(parser));
    }
    return new FieldReader(parser, type, subject, fields, inside);
  }

  /**
   * Moves to the next field's value and returns the field's name, or null after the last field.
   *
   * @throws UnrecognizedPropertyException if the format has no such field
   * @throws MismatchedInputException if the field appeared before
   */
  @Nullable String next() throws IOException {
    JsonToken token = pending ? parser.currentToken() : parser.nextToken();
    pending = false;
    if (token == JsonToken.END_OBJECT) {
      return null;
    }
    if (token != JsonToken.FIELD_NAME) {
      throw MismatchedInputException.from(parser, type,
          subject + " must be a complete JSON object: " + shown(parser));
    }
    String name = parser.currentName();
    if (!fields.contains(name)) {
      throw skippingValue(unknownField(name));
    }
    if (!seen.add(name)) {
      throw skippingValue(JsonMappingException.wrapWithPath(MismatchedInputException.from(parser,
          type, subject + " has duplicate field: " + Texts.quote(name)), type, name));
    }
    field = name;
    parser.nextToken();
    return name;
  }

  /**
   * Moves past the value of the field the parser stands on ({@link StrictTree#skipRest}), and
   * returns the failure to throw for the field. A parser on a field name has read the start of its
   * value already, so a host that reads documents one after another ({@code MappingIterator}) and
   * goes on after a failure would otherwise go on in the middle of the value: every document after
   * it would fail too.
   */
  private <E extends JsonMappingException> E skippingValue(E failure) {
    StrictTree.skipRest(parser, 0, failure);
    return failure;
  }

  /**
   * {@return the failure of a field the format does not name: what {@link
   * UnrecognizedPropertyException#from} makes, with the name as it is in {@code getPropertyName()}
   * and the path, but in the message as {@link Texts#quote} shows it, escaped and cut if long, as
   * the message of a duplicate field shows it}
   */
  private UnrecognizedPropertyException unknownField(String name) {
    UnrecognizedPropertyException e = new UnrecognizedPropertyException(parser,
        "Unrecognized field " + Texts.quote(name) + " (class " + type.getName()
            + "), not marked as ignorable", parser.currentLocation(), type, name,
        List.copyOf(fields));
    e.prependPath(type, name);
    return e;
  }

  /** Reads the current field's value, adding the field to the path of any failure. */
  <T> T value(Read<T> read) throws IOException {
    try {
      return read.read(parser);
    } catch (JsonMappingException e) {
      throw JsonMappingException.wrapWithPath(e, type, field);
    }
  }

  /** Reads the current field's value, or returns null if it is JSON {@code null}. */
  <T> @Nullable T optional(Read<T> read) throws IOException {
    return parser.hasToken(JsonToken.VALUE_NULL) ? null : value(read);
  }

  /** Reads a JSON string. */
  String text() throws IOException {
    return value(p -> text(p, what()));
  }

  /** Reads a JSON string, or null for JSON {@code null}. */
  @Nullable String optionalText() throws IOException {
    return optional(p -> text(p, what()));
  }

  /** Reads a JSON string with a library parser that throws {@link IllegalArgumentException}. */
  <T> T parsed(Class<T> valueType, String example, Function<String, T> parse) throws IOException {
    return value(p -> parse(p, valueType, what(), example, parse));
  }

  /** Reads a JSON string with a library parser, or returns null for JSON {@code null}. */
  <T> @Nullable T optionalParsed(Class<T> valueType, String example, Function<String, T> parse)
      throws IOException {
    return optional(p -> parse(p, valueType, what(), example, parse));
  }

  /** Reads an ISO-8601 instant such as {@code "2026-03-01T10:00:00Z"}. */
  Instant instant() throws IOException {
    return value(p -> instant(p, what()));
  }

  /** Reads an enum constant by its name. */
  <E extends Enum<E>> E constant(Class<E> enumType) throws IOException {
    return value(p -> constant(p, enumType, what()));
  }

  /** Reads an enum constant by its name, or returns null for JSON {@code null}. */
  <E extends Enum<E>> @Nullable E optionalConstant(Class<E> enumType) throws IOException {
    return optional(p -> constant(p, enumType, what()));
  }

  /**
   * Reads a JSON integer for an {@code int} field whose valid values run from {@code min} to
   * {@code max}; see {@link #integer(JsonParser, String, long, long, boolean)}.
   */
  int intValue(int min, int max) throws IOException {
    return value(p -> (int) integer(p, what(), min, max, true));
  }

  /**
   * Reads a JSON integer for a {@code long} field whose valid values run from {@code min} to
   * {@code max}, or returns null for JSON {@code null}; see {@link #integer(JsonParser, String,
   * long, long, boolean)}.
   */
  @Nullable Long optionalLongValue(long min, long max) throws IOException {
    return optional(p -> integer(p, what(), min, max, false));
  }

  /** Reads a JSON boolean, or returns null for JSON {@code null}. */
  @Nullable Boolean optionalBool() throws IOException {
    return optional(p -> {
      if (!p.hasToken(JsonToken.VALUE_TRUE) && !p.hasToken(JsonToken.VALUE_FALSE)) {
        throw MismatchedInputException.from(p, Boolean.class,
            what() + " must be a JSON boolean: " + shown(p));
      }
      return p.getBooleanValue();
    });
  }

  /** Reads a JSON array, or an empty list for JSON {@code null}. */
  <T> List<T> list(Read<T> element) throws IOException {
    List<T> items = optional(p -> list(p, what(), element));
    return items == null ? List.of() : items;
  }

  /**
   * Returns the value of a required field.
   *
   * @throws MismatchedInputException if the field was absent or JSON {@code null}
   */
  <T> T required(@Nullable T value, String name) throws MismatchedInputException {
    if (value == null) {
      throw MismatchedInputException.from(parser, type,
          subject + " is missing required field: " + Texts.quote(name));
    }
    return value;
  }

  /**
   * Returns the exception for parts that the type's constructor rejected together: a {@link
   * MismatchedInputException} with the constructor's message, whose path is the object's.
   */
  MismatchedInputException rejected(RuntimeException cause) {
    return mismatch(parser, type, String.valueOf(cause.getMessage()), cause);
  }

  /** {@return how messages name the current field, such as {@code conversion total}} */
  String what() {
    return subject + " " + field;
  }

  static String text(JsonParser parser, String what) throws IOException {
    if (!parser.hasToken(JsonToken.VALUE_STRING)) {
      throw MismatchedInputException.from(parser, String.class,
          what + " must be a JSON string: " + shown(parser));
    }
    return parser.getText();
  }

  static <T> T parse(JsonParser parser, Class<T> valueType, String what, String example,
      Function<String, T> parse) throws IOException {
    if (!parser.hasToken(JsonToken.VALUE_STRING)) {
      throw MismatchedInputException.from(parser, valueType,
          what + " must be a JSON string such as " + example + ": " + shown(parser));
    }
    String text = parser.getText();
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
      InvalidFormatException invalid =
          InvalidFormatException.from(parser, what + ": " + e.getMessage(), text, valueType);
      invalid.initCause(e);
      throw invalid;
    }
  }

  /**
   * Reads an instant as {@link Instant#parse} does, with {@code Z} or an offset, but neither a
   * leap second nor hour 24, which it reads as a nearby instant ({@code 23:59:60} as {@code
   * 23:59:59}, {@code 24:00:00} as the next day's midnight) rather than refusing them.
   */
  static Instant instant(JsonParser parser, String what) throws IOException {
    String example = "\"2026-03-01T10:00:00Z\"";
    if (!parser.hasToken(JsonToken.VALUE_STRING)) {
      throw MismatchedInputException.from(parser, Instant.class,
          what + " must be a JSON string such as " + example + ": " + shown(parser));
    }
    String text = parser.getText();
    DateTimeException cause = null;
    try {
      Instant instant = Instant.parse(text);
      if (!isLeapSecondOrHour24(text)) {
        return instant;
      }
    } catch (DateTimeException e) {
      cause = e;
    }
    InvalidFormatException invalid = InvalidFormatException.from(parser,
        what + " must be an ISO-8601 instant such as " + example
            + ", without a leap second or hour 24: " + Texts.quote(text), text, Instant.class);
    if (cause != null) {
      invalid.initCause(cause);
    }
    throw invalid;
  }

  /**
   * {@return whether a text that {@link Instant#parse} read has second 60 or hour 24: its time,
   * after the first {@code T}, is {@code HH:mm:ss} and then a fraction or the offset}
   */
  private static boolean isLeapSecondOrHour24(String text) {
    int t = Math.max(text.indexOf('T'), text.indexOf('t'));
    return text.startsWith("24", t + 1) || text.startsWith("60", t + 7);
  }

  static <E extends Enum<E>> E constant(JsonParser parser, Class<E> enumType, String what)
      throws IOException {
    E[] constants = enumType.getEnumConstants();
    if (parser.hasToken(JsonToken.VALUE_STRING)) {
      String text = parser.getText();
      for (E constant : constants) {
        if (constant.name().equals(text)) {
          return constant;
        }
      }
    }
    List<String> names = new ArrayList<>(constants.length);
    for (E constant : constants) {
      names.add(constant.name());
    }
    String expected = what + " must be one of " + String.join(", ", names);
    if (!parser.hasToken(JsonToken.VALUE_STRING)) {
      throw MismatchedInputException.from(parser, enumType,
          expected + " as a JSON string: " + shown(parser));
    }
    String text = parser.getText();
    throw InvalidFormatException.from(parser, expected + ": " + Texts.quote(text), text, enumType);
  }

  /**
   * Reads a JSON integer for a field of type {@code int} or {@code long} whose valid values run
   * from {@code min} to {@code max}. A value that the field's type cannot hold fails here, naming
   * the valid range; a value that it can hold is returned, even outside the range, so that the
   * value type's constructor rejects it with its own message, as it does in code.
   *
   * @param asInt whether the field is an {@code int}
   */
  static long integer(JsonParser parser, String what, long min, long max, boolean asInt)
      throws IOException {
    if (!parser.hasToken(JsonToken.VALUE_NUMBER_INT)) {
      // A host that writes every number as a string is told that it sent one.
      throw MismatchedInputException.from(parser, Long.class, what + " must be a JSON integer"
          + (parser.hasToken(JsonToken.VALUE_STRING) ? ", not a string: " : ": ")
          + shown(parser));
    }
    // Any integer token may hold a small value: a tree or a converted map can carry a
    // BigInteger 2. Only its value decides.
    BigInteger value = parser.getBigIntegerValue();
    if (value.bitLength() >= (asInt ? Integer.SIZE : Long.SIZE)) {
      throw InvalidFormatException.from(parser,
          what + " must be a JSON integer from " + min + " to " + max + ": " + shown(parser),
          parser.getText(), Long.class);
    }
    return value.longValue();
  }

  static <T> List<T> list(JsonParser parser, String what, Read<T> element) throws IOException {
    if (!parser.hasToken(JsonToken.START_ARRAY)) {
      throw MismatchedInputException.from(parser, List.class,
          what + " must be a JSON array: " + shown(parser));
    }
    List<T> items = new ArrayList<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      if (token == null) {
        throw MismatchedInputException.from(parser, List.class,
            what + " must be a complete JSON array: end of input");
      }
      try {
        items.add(element.read(parser));
      } catch (JsonMappingException e) {
        throw JsonMappingException.wrapWithPath(e, List.class, items.size());
      }
    }
    return items;
  }

  static MismatchedInputException mismatch(JsonParser parser, Class<?> type, String message,
      Throwable cause) {
    MismatchedInputException mismatch = MismatchedInputException.from(parser, type, message);
    mismatch.initCause(cause);
    return mismatch;
  }

  /**
   * Shows the value at the current token briefly, as the plan and program readers do: a scalar
   * quoted and cut short, else its kind.
   */
  static String shown(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null) {
      return "end of input";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case END_OBJECT -> "the end of an object";
      case END_ARRAY -> "the end of an array";
      case FIELD_NAME -> "field " + Texts.quote(parser.currentName());
      default -> Texts.quote(parser.getText());
    };
  }
}
