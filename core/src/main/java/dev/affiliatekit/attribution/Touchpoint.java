package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One interaction of a visitor with an affiliate: a click on a tracking link, the use of a coupon
 * code, or a view of the affiliate's content.
 *
 * <p>A touchpoint names the affiliate it points to, resolved by the host (for example from the link
 * code), and may keep the code as it was used, for explanations. The visitor is an anonymous key
 * such as a cookie or device id; the customer id is set when the visitor was signed in, and links
 * the visitor's devices. The instant is kept exactly, to the nanosecond, and must lie between
 * {@code 1677-09-21T00:12:43.145224192Z} and {@code 2262-04-11T23:47:16.854775807Z}.
 *
 * <pre>{@code
 * Touchpoint click = Touchpoint.builder(TouchpointKind.CLICK, "visitor-7f3a", "anna", instant)
 *     .code("ANNA10")
 *     .channel("instagram")
 *     .build();
 * long sequence = store.record(click);
 * }</pre>
 *
 * <p>The {@link TouchpointStore} that records a touchpoint gives it a {@linkplain #sequence()
 * sequence number}; touchpoints are totally ordered by {@linkplain #CHRONOLOGICAL instant, then
 * sequence}, so two touches with the same instant are decided by the order in which they were
 * recorded. Touchpoints are a final class rather than a record so that the store can hand out its
 * already validated, interned data without checking it again on every read.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Touchpoint {

  /**
   * Orders touchpoints by instant, then by sequence number: the order in which attribution reads
   * them. It is consistent with {@link #equals(Object)} for touchpoints recorded by one store,
   * whose sequence numbers are unique.
   */
  public static final Comparator<Touchpoint> CHRONOLOGICAL = (a, b) -> {
    int byTime = Long.compare(a.epochNanos, b.epochNanos);
    return byTime != 0 ? byTime : Long.compare(a.sequence, b.sequence);
  };

  private final TouchpointKind kind;
  private final String affiliateId;
  private final @Nullable String code;
  private final String visitorId;
  private final @Nullable String customerId;
  private final @Nullable String channel;
  private final long epochNanos;
  private final long sequence;

  /** Creates a touchpoint from parts that are already validated; checks nothing. */
  Touchpoint(TouchpointKind kind, String affiliateId, @Nullable String code, String visitorId,
      @Nullable String customerId, @Nullable String channel, long epochNanos, long sequence) {
    this.kind = kind;
    this.affiliateId = affiliateId;
    this.code = code;
    this.visitorId = visitorId;
    this.customerId = customerId;
    this.channel = channel;
    this.epochNanos = epochNanos;
    this.sequence = sequence;
  }

  /**
   * Returns an unrecorded click of the visitor on the affiliate's link, with no code, customer or
   * channel.
   *
   * <p>For example, {@code Touchpoint.click("visitor-1", "anna",
   * Instant.parse("2026-03-01T10:00:00Z"))}.
   *
   * @param visitorId the visitor's anonymous key
   * @param affiliateId the affiliate
   * @param instant when the visitor clicked
   * @return the touchpoint, with sequence number 0
   * @throws IllegalArgumentException if an id is not a valid identifier or the instant is out of
   *     range
   */
  public static Touchpoint click(String visitorId, String affiliateId, Instant instant) {
    return builder(TouchpointKind.CLICK, visitorId, affiliateId, instant).build();
  }

  /**
   * Returns a builder for a touchpoint of the given kind.
   *
   * @param kind click, coupon use or view
   * @param visitorId the visitor's anonymous key
   * @param affiliateId the affiliate the touch points to
   * @param instant when it happened
   * @return the builder
   */
  public static Builder builder(TouchpointKind kind, String visitorId, String affiliateId,
      Instant instant) {
    return new Builder(kind, visitorId, affiliateId, instant);
  }

  /** {@return whether this is a click, coupon use or view} */
  public TouchpointKind kind() {
    return kind;
  }

  /** {@return the affiliate this touch points to} */
  public String affiliateId() {
    return affiliateId;
  }

  /** {@return the link or coupon code as it was used, if the host recorded it} */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /** {@return the visitor's anonymous key, such as a cookie or device id} */
  public String visitorId() {
    return visitorId;
  }

  /** {@return the customer id, if the visitor was signed in} */
  public Optional<String> customerId() {
    return Optional.ofNullable(customerId);
  }

  /** {@return the channel or source, such as {@code instagram} or {@code email}, if known} */
  public Optional<String> channel() {
    return Optional.ofNullable(channel);
  }

  /** {@return when the touch happened} */
  public Instant instant() {
    return EpochNanos.toInstant(epochNanos);
  }

  /** {@return the instant in nanoseconds since the epoch} */
  long epochNanos() {
    return epochNanos;
  }

  @Nullable String codeOrNull() {
    return code;
  }

  @Nullable String customerIdOrNull() {
    return customerId;
  }

  @Nullable String channelOrNull() {
    return channel;
  }

  /**
   * {@return the sequence number the store assigned when it recorded this touch, from 1; 0 if it
   * was not recorded}
   */
  public long sequence() {
    return sequence;
  }

  /**
   * Returns this touchpoint with the given sequence number, or this touchpoint if it has it
   * already.
   *
   * @param newSequence zero or more
   * @return the touchpoint with that sequence number
   * @throws IllegalArgumentException if the sequence number is negative
   */
  public Touchpoint withSequence(long newSequence) {
    checkArgument(newSequence >= 0, "touchpoint sequence must not be negative: %s", newSequence);
    return newSequence == sequence ? this
        : new Touchpoint(kind, affiliateId, code, visitorId, customerId, channel, epochNanos,
            newSequence);
  }

  /** {@return this touchpoint with the code spelled otherwise, the code being valid} */
  Touchpoint withCode(String spelled) {
    return new Touchpoint(kind, affiliateId, spelled, visitorId, customerId, channel, epochNanos,
        sequence);
  }

  /** Returns whether the other object is a touchpoint with the same parts and sequence number. */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof Touchpoint other
        && epochNanos == other.epochNanos
        && sequence == other.sequence
        && kind == other.kind
        && affiliateId.equals(other.affiliateId)
        && visitorId.equals(other.visitorId)
        && Objects.equals(code, other.code)
        && Objects.equals(customerId, other.customerId)
        && Objects.equals(channel, other.channel);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        kind, affiliateId, code, visitorId, customerId, channel, epochNanos, sequence);
  }

  /**
   * Returns a one-line description for logs and explanations, such as {@code #12 CLICK anna
   * code=ANNA10 visitor=v1 channel=instagram at 2026-03-01T10:00:00Z}.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(96).append('#').append(sequence).append(' ')
        .append(kind).append(' ').append(affiliateId);
    if (code != null) {
      text.append(" code=").append(code);
    }
    text.append(" visitor=").append(visitorId);
    if (customerId != null) {
      text.append(" customer=").append(customerId);
    }
    if (channel != null) {
      text.append(" channel=").append(channel);
    }
    return text.append(" at ").append(instant()).toString();
  }

  /**
   * A builder of {@link Touchpoint}s. Each setter replaces the previous value; {@link #build()}
   * validates.
   */
  public static final class Builder {
    private final TouchpointKind kind;
    private final String visitorId;
    private final String affiliateId;
    private final Instant instant;
    private @Nullable String code;
    private @Nullable String customerId;
    private @Nullable String channel;
    private long sequence;

    private Builder(TouchpointKind kind, String visitorId, String affiliateId, Instant instant) {
      this.kind = checkNotNull(kind, "kind");
      this.visitorId = checkNotNull(visitorId, "visitorId");
      this.affiliateId = checkNotNull(affiliateId, "affiliateId");
      this.instant = checkNotNull(instant, "instant");
    }

    /**
     * Sets the link or coupon code as it was used.
     *
     * @param value the code, such as {@code ANNA10}
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder code(String value) {
      this.code = checkNotNull(value, "code");
      return this;
    }

    /**
     * Sets the customer id of the signed-in visitor.
     *
     * @param value the customer id
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder customerId(String value) {
      this.customerId = checkNotNull(value, "customerId");
      return this;
    }

    /**
     * Sets the channel or source, such as {@code instagram}, {@code youtube} or {@code email}.
     *
     * @param value the channel
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder channel(String value) {
      this.channel = checkNotNull(value, "channel");
      return this;
    }

    /**
     * Sets the sequence number, for a touchpoint read back from the host's own storage.
     *
     * @param value zero (not recorded) or more
     * @return this builder
     * @throws IllegalArgumentException if the value is negative
     */
    @CanIgnoreReturnValue
    public Builder sequence(long value) {
      checkArgument(value >= 0, "touchpoint sequence must not be negative: %s", value);
      this.sequence = value;
      return this;
    }

    /**
     * Returns the touchpoint.
     *
     * @return the touchpoint
     * @throws IllegalArgumentException if an id, the code or the channel is not a valid identifier
     *     (blank, longer than 256 characters, or with a control character), the instant is out of
     *     range, or the sequence number is negative
     */
    public Touchpoint build() {
      checkId(visitorId, "touchpoint visitorId");
      checkId(affiliateId, "touchpoint affiliateId");
      if (code != null) {
        checkId(code, "touchpoint code");
      }
      if (customerId != null) {
        checkId(customerId, "touchpoint customerId");
      }
      if (channel != null) {
        checkId(channel, "touchpoint channel");
      }
      checkArgument(sequence >= 0, "touchpoint sequence must not be negative: %s", sequence);
      long nanos = EpochNanos.of(instant, "touchpoint instant");
      return new Touchpoint(
          kind, affiliateId, code, visitorId, customerId, channel, nanos, sequence);
    }
  }
}
