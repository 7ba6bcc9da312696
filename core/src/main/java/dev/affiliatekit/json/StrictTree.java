package dev.affiliatekit.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * Reads one JSON value from a parser into a tree, strictly: a field given twice in an object is a
 * {@link JsonFormatException} at the path of the second, such as {@code rules[1].priority}.
 *
 * <p>The plan and program readers read their documents with it, and so does the Jackson module,
 * on whatever parser the user's mapper hands it: Jackson's own duplicate detection is a parser
 * setting of the mapper, and its tree nodes keep the last of two fields, so that neither is a
 * guarantee here. The tree is built without recursion, so any depth the parser reads is safe.
 *
 * <p>A number with a fraction or an exponent is kept as the text written, as a {@link
 * WrittenNumber}: no field of these formats takes one, so its value is never needed, and a message
 * that rejects it quotes {@code 1e3} as written rather than as {@code 1E+3}, {@code 1} or {@code
 * Infinity}; nor can a huge exponent fail to convert.
 */
final class StrictTree {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StrictTree() {}

  /**
   * Moves the parser, which stands on a field name, past the field's value and the ends of the
   * {@code open} containers around it, to the last token of the value being read; a failure to
   * read further is added to {@code failure}. So a host that reads documents one after another
   * ({@code MappingIterator}) and goes on after a failure goes on from the next document, not
   * from the middle of this one, where the parser had read the start of the field's value already.
   */
  static void skipRest(JsonParser parser, int open, Exception failure) {
    try {
      parser.nextToken();
      parser.skipChildren();
      for (int depth = open; depth > 0; ) {
        JsonToken token = parser.nextToken();
        if (token == null) {
          return;
        }
        if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
        }
      }
    } catch (IOException unreadable) {
      failure.addSuppressed(unreadable);
    }
  }

  /**
   * Reads the value at the parser's current token, or at the next one if there is none yet; or,
   * when the parser stands on a field name or the end of an object because a type id was read
   * before it (polymorphic typing), the rest of that object. Leaves the parser on the value's last
   * token.
   *
   * @return the value, or a missing node if the input is empty
   * @throws JsonFormatException if an object has a field twice, or the input ends inside a value
   */
  static JsonNode read(JsonParser parser) throws IOException {
    return read(parser, repeated -> repeated);
  }

  /**
   * Makes the failure to throw for a field given twice, while the parser stands on it, so that
   * the failure can tell where it is; the parser moves past the value afterwards.
   *
   * @param <E> the type of the failure
   */
  @FunctionalInterface
  interface RepeatedField<E extends Exception> {
    /**
     * {@return the failure to throw}
     *
     * @param repeated the failure that names the field's path
     */
    E failure(JsonFormatException repeated);
  }

  /**
   * Reads a value as {@link #read(JsonParser)} does, but throws for a field given twice what
   * {@code onRepeated} makes of it.
   *
   * @param <E> the type of the failure for a repeated field
   * @param parser the parser
   * @param onRepeated makes the failure for a repeated field
   * @return the value, or a missing node if the input is empty
   * @throws E if an object has a field twice
   * @throws JsonFormatException if the input ends inside a value
   */
  static <E extends Exception> JsonNode read(JsonParser parser, RepeatedField<E> onRepeated)
      throws IOException, E {
    JsonToken token = parser.hasCurrentToken() ? parser.currentToken() : parser.nextToken();
    if (token == null) {
      return MissingNode.getInstance();
    }
    // The open containers, innermost first, and where each is in its parent: a path is built only
    // for a message, so that a deep document costs memory in proportion to its depth.
    Deque<ContainerNode<?>> containers = new ArrayDeque<>();
    Deque<Key> keys = new ArrayDeque<>();
    if (token == JsonToken.FIELD_NAME || token == JsonToken.END_OBJECT) {
      containers.push(NODES.objectNode());
      keys.push(Key.ROOT);
    }
    @Nullable String field = null;
    for (; token != null; token = parser.nextToken()) {
      JsonNode value;
      switch (token) {
        case FIELD_NAME -> {
          field = parser.currentName();
          if (((ObjectNode) containers.element()).has(field)) {
            E failure = onRepeated.failure(
                new JsonFormatException(path(keys, childKey(containers, field)), "is repeated"));
            skipRest(parser, containers.size(), failure);
            throw failure;
          }
          continue;
        }
        case END_OBJECT, END_ARRAY -> {
          keys.pop();
          JsonNode done = containers.pop();
          if (containers.isEmpty()) {
            return done;
          }
          continue;
        }
        case START_OBJECT -> value = NODES.objectNode();
        case START_ARRAY -> value = NODES.arrayNode();
        default -> value = scalar(parser, token);
      }
      if (!containers.isEmpty()) {
        Key key = childKey(containers, field);
        ContainerNode<?> container = containers.element();
        if (container instanceof ArrayNode array) {
          array.add(value);
        } else {
          ((ObjectNode) container).set(field, value);
        }
        if (value instanceof ContainerNode<?> opened) {
          containers.push(opened);
          keys.push(key);
        }
      } else if (value instanceof ContainerNode<?> opened) {
        containers.push(opened);
        keys.push(Key.ROOT);
      } else {
        return value;
      }
    }
    throw new JsonFormatException(path(keys, null), "is not complete: the input ends inside it");
  }

  /**
   * Where a value is in its container: a field name, or an index if the name is null; the root
   * has neither.
   */
  private record Key(@Nullable String field, int index) {
    static final Key ROOT = new Key(null, -1);
  }

  /** Returns the key of the next value in the innermost container: a field or an index. */
  private static Key childKey(Deque<ContainerNode<?>> containers, @Nullable String field) {
    if (containers.element() instanceof ArrayNode array) {
      return new Key(null, array.size());
    }
    return new Key(String.valueOf(field), -1);
  }

  /** Returns the path of the open containers, outermost first, and then of the key if given. */
  private static String path(Deque<Key> keys, @Nullable Key last) {
    StringBuilder path = new StringBuilder();
    for (var outward = keys.descendingIterator(); outward.hasNext(); ) {
      append(path, outward.next());
    }
    if (last != null) {
      append(path, last);
    }
    return path.toString();
  }

  private static void append(StringBuilder path, Key key) {
    if (key.field() != null) {
      if (path.length() > 0) {
        path.append('.');
      }
      path.append(PlanJson.shownField(key.field()));
    } else if (key.index() >= 0) {
      path.append('[').append(key.index()).append(']');
    }
  }

  private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
        case INT -> NODES.numberNode(parser.getIntValue());
        case LONG -> NODES.numberNode(parser.getLongValue());
        default -> NODES.numberNode(parser.getBigIntegerValue());
      };
      case VALUE_NUMBER_FLOAT -> new WrittenNumber(parser.getText());
      // An embedded object or a token a custom parser invents: no JSON value of a plan.
      default -> NODES.pojoNode(String.valueOf(parser.getText()));
    };
  }

  /**
   * A JSON number with a fraction or an exponent, such as {@code 1.50} or {@code 1e3}, kept as the
   * text written. It is a number that is not integral and converts to nothing.
   */
  static final class WrittenNumber extends ValueNode {
    private static final long serialVersionUID = 1L;

    private final String text;

    WrittenNumber(String text) {
      this.text = text;
    }

    @Override
    public JsonToken asToken() {
      return JsonToken.VALUE_NUMBER_FLOAT;
    }

    @Override
    public JsonNodeType getNodeType() {
      return JsonNodeType.NUMBER;
    }

    @Override
    public String asText() {
      return text;
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      generator.writeNumber(text);
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof WrittenNumber number && number.text.equals(text);
    }

    @Override
    public int hashCode() {
      return text.hashCode();
    }
  }
}
