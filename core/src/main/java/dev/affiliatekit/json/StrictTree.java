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
 * {@link PlanFormatException} at the path of the second, such as {@code rules[1].priority}.
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
   * Reads the value at the parser's current token, or at the next one if there is none yet; or,
   * when the parser stands on a field name or the end of an object because a type id was read
   * before it (polymorphic typing), the rest of that object. Leaves the parser on the value's last
   * token.
   *
   * @return the value, or a missing node if the input is empty
   * @throws PlanFormatException if an object has a field twice, or the input ends inside a value
   */
  static JsonNode read(JsonParser parser) throws IOException {
    JsonToken token = parser.hasCurrentToken() ? parser.currentToken() : parser.nextToken();
    if (token == null) {
      return MissingNode.getInstance();
    }
    Deque<ContainerNode<?>> containers = new ArrayDeque<>();
    Deque<String> paths = new ArrayDeque<>();
    if (token == JsonToken.FIELD_NAME || token == JsonToken.END_OBJECT) {
      containers.push(NODES.objectNode());
      paths.push("");
    }
    @Nullable String field = null;
    for (; token != null; token = parser.nextToken()) {
      JsonNode value;
      switch (token) {
        case FIELD_NAME -> {
          field = parser.currentName();
          if (((ObjectNode) containers.element()).has(field)) {
            throw new PlanFormatException(childPath(containers, paths, field), "is repeated");
          }
          continue;
        }
        case END_OBJECT, END_ARRAY -> {
          paths.pop();
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
        String path = childPath(containers, paths, field);
        ContainerNode<?> container = containers.element();
        if (container instanceof ArrayNode array) {
          array.add(value);
        } else {
          ((ObjectNode) container).set(field, value);
        }
        if (value instanceof ContainerNode<?> opened) {
          containers.push(opened);
          paths.push(path);
        }
      } else if (value instanceof ContainerNode<?> opened) {
        containers.push(opened);
        paths.push("");
      } else {
        return value;
      }
    }
    throw new PlanFormatException(paths.element(), "is not complete: the input ends inside it");
  }

  /** Returns the path of the next value in the innermost container: a field or an index. */
  private static String childPath(Deque<ContainerNode<?>> containers, Deque<String> paths,
      @Nullable String field) {
    String path = paths.element();
    if (containers.element() instanceof ArrayNode array) {
      return path + "[" + array.size() + "]";
    }
    return path.isEmpty() ? String.valueOf(field) : path + "." + field;
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
