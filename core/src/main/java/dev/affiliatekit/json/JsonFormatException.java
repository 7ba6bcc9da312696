package dev.affiliatekit.json;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a JSON document is not valid: not JSON, not in the format of its reader, or a value
 * the library rejects. It is the one exception that {@link PlanJson}, {@link ProgramJson} and
 * {@link JournalJson} throw for bad input, whatever the input. The message names where the
 * offending value is and what is wrong with it, such as {@code rules[3].rate: rate must be within
 * [0%, 100%]: '150%'} in a plan, or {@code journal line 7: entries[4].reference: is missing} in a
 * journal, whose lines are documents of their own.
 */
public final class JsonFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The line of a document read by lines, 1 for the first; 0 for a document read whole. */
  private final int line;

  /** The path of the offending value, such as {@code rules[3].rate}; empty for the document. */
  private final String path;

  /** What is wrong, without the path. */
  private final String problem;

  JsonFormatException(String path, String problem, @Nullable Throwable cause) {
    this(path.isEmpty() ? problem : path + ": " + problem, 0, path, problem, cause);
  }

  JsonFormatException(String path, String problem) {
    this(path, problem, null);
  }

  /**
   * An exception with a message of the reader's own, such as one that names the line.
   *
   * @param message the message
   * @param line the line, 1 for the first, or 0 for a document read whole
   * @param path the path of the offending value within the document or line
   * @param problem what is wrong, without the path
   * @param cause the cause, if any
   */
  JsonFormatException(String message, int line, String path, String problem,
      @Nullable Throwable cause) {
    super(message, cause);
    checkArgument(line >= 0, "line must not be negative: %s", line);
    this.line = line;
    this.path = checkNotNull(path, "path");
    this.problem = checkNotNull(problem, "problem");
  }

  /**
   * Returns the line of the offending value in a document read by lines, such as a journal of
   * {@link JournalJson}: 1 for the first line; 0 for a document read whole, such as a plan. For
   * bytes that are not text in the reader's charset it is the line the reader had reached, which
   * the bad bytes may follow, since a reader decodes ahead: the message says {@code or a later
   * one}.
   *
   * @return the line, or 0
   */
  public int line() {
    return line;
  }

  /**
   * Returns the JSON path of the offending value: field names joined by dots and array indexes in
   * brackets, such as {@code rules[3].when.all[0].in}, within the line for a document read by
   * lines; empty when the problem is the whole document or line. A name that is not plain (ASCII
   * letters, digits and underscores, at most 64 of them), such as an unknown field's, is shown in
   * single quotes, with control and non-ASCII characters escaped and cut if long ({@code
   * 'rules[0].rate'}), and an empty one as {@code ""}: the path is for reading, not for looking
   * the value up.
   *
   * @return the path
   */
  public String path() {
    return path;
  }

  /**
   * {@return what is wrong, without the line and the path, such as {@code rate must be within
   * [0%, 100%]: '150%'}}
   */
  public String problem() {
    return problem;
  }
}
