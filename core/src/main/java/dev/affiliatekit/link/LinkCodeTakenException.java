package dev.affiliatekit.link;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Thrown when a {@link LinkRegistry} cannot give a code to an owner because another owner holds
 * it, or held it before it was retired. The message names the code and both owners, such as
 * {@code link code is held by another owner: JANE20 is held by 'aff-1', not 'aff-2'}.
 */
public final class LinkCodeTakenException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** The code that was claimed. */
  @SuppressWarnings("serial") // value types are not Serializable; the message names them
  private final LinkCode code;

  /** The owner that holds or held the code. */
  @SuppressWarnings("serial")
  private final LinkOwner holder;

  /** The owner that claimed the code. */
  @SuppressWarnings("serial")
  private final LinkOwner claimant;

  /** Whether the code is retired. */
  private final boolean retired;

  /**
   * Creates the exception for a claim of {@code code} by {@code claimant}.
   *
   * @param code the code
   * @param holder the owner that holds or held the code
   * @param claimant the owner that asked for it
   * @param retired whether the code is retired
   */
  public LinkCodeTakenException(LinkCode code, LinkOwner holder, LinkOwner claimant,
      boolean retired) {
    super(message(checkNotNull(code, "code"), checkNotNull(holder, "holder"),
        checkNotNull(claimant, "claimant"), retired));
    this.code = code;
    this.holder = holder;
    this.claimant = claimant;
    this.retired = retired;
  }

  private static String message(LinkCode code, LinkOwner holder, LinkOwner claimant,
      boolean retired) {
    return retired
        ? "link code is retired: " + code + " was held by " + holder + ", not " + claimant
        : "link code is held by another owner: " + code + " is held by " + holder + ", not "
            + claimant;
  }

  /** {@return the code that was claimed} */
  public LinkCode code() {
    return code;
  }

  /** {@return the owner that holds the code, or held it until it was retired} */
  public LinkOwner holder() {
    return holder;
  }

  /** {@return the owner that claimed the code and did not get it} */
  public LinkOwner claimant() {
    return claimant;
  }

  /** {@return whether the code is retired, so that only its holder can ever claim it again} */
  public boolean retired() {
    return retired;
  }
}
