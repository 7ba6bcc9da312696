package dev.affiliatekit.json;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Thrown when a JSON plan is not valid: not JSON, not in the format of {@link PlanJson}, or a plan
 * the library rejects. The message starts with the JSON path of the offending value, such as
 * {@code rules[3].rate: rate must be within [0%, 100%]: '150%'}.
 *
 * <p>This is the only exception the plan readers throw for bad input, whatever the input.
 */
public final class PlanFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The path of the offending value, such as {@code rules[3].rate}; empty for the document. */
  private final String path;

  /** What is wrong, without the path. */
  private final String problem;

  PlanFormatException(String path, String problem, Throwable cause) {
    super(path.isEmpty() ? problem : path + ": " + problem, cause);
    this.path = checkNotNull(path, "path");
    this.problem = checkNotNull(problem, "problem");
  }

  PlanFormatException(String path, String problem) {
    super(path.isEmpty() ? problem : path + ": " + problem);
    this.path = checkNotNull(path, "path");
    this.problem = checkNotNull(problem, "problem");
  }

  /**
   * Returns the JSON path of the offending value: field names joined by dots and array indexes in
   * brackets, such as {@code rules[3].when.all[0].in}; empty when the problem is the whole
   * document. A name that is not plain (ASCII letters, digits and underscores, at most 64 of
   * them), such as an unknown field's, is shown in single quotes, with control and non-ASCII
   * characters escaped and cut if long ({@code 'rules[0].rate'}), and an empty one as {@code ""}:
   * the path is for reading, not for looking the value up.
   *
   * @return the path
   */
  public String path() {
    return path;
  }

  /**
   * {@return what is wrong, without the path, such as {@code rate must be within [0%, 100%]:
   * '150%'}}
   */
  public String problem() {
    return problem;
  }
}
