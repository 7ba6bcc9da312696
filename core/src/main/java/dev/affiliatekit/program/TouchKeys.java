package dev.affiliatekit.program;

import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.internal.HashKeys;
import dev.affiliatekit.internal.Ids;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.ledger.IdempotencyConflictException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The touch ids of a program's keyed touches, each with what its touch returned, while the touch
 * can count: a retry of the same request returns that, another request under the id is refused.
 *
 * <p>The ids are split among stripes by their hash code, each under its own lock, so that keyed
 * touches of different ids are recorded in parallel, and one id's touch is recorded once. Each
 * stripe keeps its ids in the order they were recorded and forgets the oldest once their touch is
 * older than the retention, whenever it is used.
 *
 * <p>A click or coupon use keeps only the touch it recorded, whose kind, visitor, code and channel
 * are its request; a visit keeps what it recorded and its visitor, and of its URL, which its code
 * is read from, the URL itself if it has at most {@value #KEPT_URL_LENGTH} characters, else 128
 * bits of its SHA-256 digest: a retry of a long URL is told apart from another request by them,
 * and an id of a visit costs no more than {@value #KEPT_URL_LENGTH} characters and a few fields,
 * however long a URL the visitor chose.
 */
final class TouchKeys {

  /** The number of bits of a stripe's number: there are 2<sup>4</sup> stripes. */
  private static final int STRIPE_BITS = 4;
  /** The number of stripes. */
  private static final int STRIPES = 1 << STRIPE_BITS;

  /**
   * The longest URL a keyed visit keeps as it is, as long as the longest id: a longer one is kept
   * as its digest, which costs a longer URL the time to digest it, and costs shorter ones, the
   * usual tracking links, nothing.
   */
  static final int KEPT_URL_LENGTH = Ids.MAX_LENGTH;

  /** The characters beyond Latin-1 a digest is given at a time, two bytes each. */
  private static final int DIGEST_CHUNK = 512;

  /**
   * A SHA-256 digest per thread, as making one costs about as much as digesting a URL of a
   * thousand characters.
   */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(TouchKeys::sha256);

  private final Clock clock;
  private final @Nullable Duration retention;
  private final Stripe[] stripes = new Stripe[STRIPES];

  /**
   * @param clock the program's clock, which dates what each stripe forgets
   * @param retention how long a touch can count, or null if for ever
   */
  TouchKeys(Clock clock, @Nullable Duration retention) {
    this.clock = clock;
    this.retention = retention;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  /**
   * Returns the touch recorded under the id: the one recorded before for the same kind, visitor,
   * code and channel, or the one {@code record} records now.
   *
   * @throws IllegalStateException if the id was used for another touch or a visit, naming both
   */
  Touchpoint touch(String touchId, TouchpointKind kind, String visitorId, String code,
      @Nullable String channel, Supplier<Touchpoint> record) {
    Object kept = once(touchId,
        previous -> previous instanceof Touchpoint touch && touch.kind() == kind
            && touch.visitorId().equals(visitorId) && code.equals(touch.code().orElse(null))
            && Objects.equals(channel, touch.channel().orElse(null)),
        previous -> touchRefusal(touchId, previous, kind, visitorId, code, channel),
        record);
    return (Touchpoint) kept;
  }

  /**
   * Returns what a visit recorded under the id: what the visit of the same visitor and URL recorded
   * before, or what {@code record} records now.
   *
   * @throws IllegalStateException if the id was used for another visit or a touch, naming both
   */
  Optional<Touchpoint> visit(String touchId, String visitorId, String url,
      Supplier<Optional<Touchpoint>> record) {
    // Outside the stripe's lock: a long URL takes time to digest.
    Object kept = urlKept(url);
    Object visited = once(touchId,
        previous -> previous instanceof Visit visit && visit.visitorId().equals(visitorId)
            && visit.url().equals(kept),
        previous -> visitRefusal(touchId, previous, visitorId, url, kept),
        () -> {
          Optional<Touchpoint> outcome = record.get();
          return new Visit(visitorId, kept, outcome,
              outcome.isPresent() ? outcome.get().instant() : clock.instant());
        });
    return ((Visit) visited).outcome();
  }

  /**
   * What is kept of a keyed visit: its visitor, its URL as {@link #urlKept} gives it, what it
   * recorded, and when.
   */
  private record Visit(String visitorId, Object url, Optional<Touchpoint> outcome, Instant at) {}

  /**
   * Returns what a keyed visit keeps of its URL, which is equal to what another URL gives only if
   * the URLs are equal: the URL itself if it has at most {@value #KEPT_URL_LENGTH} characters,
   * else the first 128 bits of the SHA-256 digest of its characters, so that what an id keeps is
   * bounded whatever the URL. Two such URLs that differ give equal bits with a chance of one in
   * 2<sup>128</sup>, and whoever chooses both of them needs about 2<sup>64</sup> digests to find a
   * pair, which would only have the second answered as a retry of the first under a touch id of
   * theirs.
   */
  static Object urlKept(String url) {
    if (url.length() <= KEPT_URL_LENGTH) {
      return url;
    }
    MessageDigest sha256 = SHA_256.get();
    sha256.reset();
    // One byte a character if every character has one, else two, high first; the first byte
    // says which, so that no two URLs give the same bytes. No character set would keep an
    // unpaired surrogate apart from another one.
    if (isLatin1(url)) {
      sha256.update((byte) 1);
      sha256.update(url.getBytes(StandardCharsets.ISO_8859_1));
    } else {
      sha256.update((byte) 2);
      byte[] bytes = new byte[2 * DIGEST_CHUNK];
      for (int start = 0; start < url.length(); start += DIGEST_CHUNK) {
        int end = Math.min(url.length(), start + DIGEST_CHUNK);
        int at = 0;
        for (int i = start; i < end; i++) {
          char c = url.charAt(i);
          bytes[at++] = (byte) (c >>> 8);
          bytes[at++] = (byte) c;
        }
        sha256.update(bytes, 0, at);
      }
    }
    byte[] digest = sha256.digest();
    return new UrlDigest(bits(digest, 0), bits(digest, 8));
  }

  /** {@return whether every character of the text is below {@code U+0100}, one byte in Latin-1} */
  private static boolean isLatin1(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xff) {
        return false;
      }
    }
    return true;
  }

  /** {@return a new SHA-256 digest, which every Java platform has} */
  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new LinkageError("every Java platform supports SHA-256", e);
    }
  }

  /** {@return the eight bytes of the digest from the given index, as a {@code long}, high first} */
  private static long bits(byte[] digest, int from) {
    long bits = 0;
    for (int i = from; i < from + 8; i++) {
      bits = bits << 8 | (digest[i] & 0xff);
    }
    return bits;
  }

  /** The first 128 bits of the SHA-256 digest of a URL longer than a keyed visit keeps. */
  private record UrlDigest(long high, long low) {}

  /** The ids of one stripe, oldest first, and the outcome of each; guarded by the stripe. */
  private static final class Stripe {
    final LinkedHashMap<String, Object> outcomes = new LinkedHashMap<>();
  }

  /**
   * Returns what the stripe of the id keeps for it, if that answers the same request, or what
   * {@code record} returns now, which it then keeps; under the stripe's lock.
   *
   * @param refusal gives the message that refuses the request, of what is kept
   * @throws IdempotencyConflictException if what is kept answers another request
   */
  private Object once(String touchId, Predicate<Object> sameRequest,
      Function<Object, String> refusal, Supplier<?> record) {
    Stripe stripe = stripes[stripeOf(touchId)];
    synchronized (stripe) {
      LinkedHashMap<String, Object> outcomes = stripe.outcomes;
      // Forget first: a retry after the retention must not find its own expired id.
      @Nullable Instant cutoff = forget(stripe);
      Object previous = outcomes.get(touchId);
      if (previous != null && cutoff != null && at(previous).isBefore(cutoff)) {
        // Recorded after a later id when the clock stepped back, so not forgotten in turn.
        outcomes.remove(touchId);
        previous = null;
      }
      if (previous != null) {
        if (!sameRequest.test(previous)) {
          throw new IdempotencyConflictException("touch:" + touchId, refusal.apply(previous));
        }
        return previous;
      }
      Object outcome = Objects.requireNonNull(record.get());
      outcomes.put(touchId, outcome);
      return outcome;
    }
  }

  /**
   * Forgets the stripe's ids whose touches are older than the retention, oldest first, and
   * returns the cutoff, or null if every id is kept. Ids are in the order they were recorded,
   * which is their time order unless the clock stepped back: an id recorded then waits behind a
   * later one, and {@link #once} forgets it when it is asked for. An id stamped after the clock's
   * reading, by a clock that has stepped back since, moves behind the others, so that it keeps
   * no other id for longer than the retention.
   */
  private @Nullable Instant forget(Stripe stripe) {
    LinkedHashMap<String, Object> outcomes = stripe.outcomes;
    Instant now = clock.instant();
    // A retention is at most two maximum lookbacks, so only a clock at the very start of time
    // has no cutoff; it keeps every id.
    if (retention == null || outcomes.isEmpty()
        || now.getEpochSecond() - Instant.MIN.getEpochSecond() <= retention.toSeconds() + 1) {
      return null;
    }
    Instant cutoff = now.minus(retention);
    // Each id moves at most once a call, and the walk stops at the first it cannot forget.
    for (int moves = outcomes.size(); !outcomes.isEmpty(); ) {
      Map.Entry<String, Object> oldest = outcomes.entrySet().iterator().next();
      Instant at = at(oldest.getValue());
      if (at.isBefore(cutoff)) {
        outcomes.remove(oldest.getKey());
      } else if (at.isAfter(now) && moves-- > 0) {
        String touchId = oldest.getKey();
        Object outcome = oldest.getValue();
        outcomes.remove(touchId);
        outcomes.put(touchId, outcome);
      } else {
        break;
      }
    }
    return cutoff;
  }

  /**
   * {@return the message that refuses a request under a touch id used for another, such as {@code
   * touch id 'req-1' was already used with another request: recorded click of visitor 'v1' with
   * code 'GLOWWITHMIA'; requested click of visitor 'v2' with code 'GLOWWITHMIA'}}
   */
  private static String refusal(String touchId, String recorded, String requested) {
    return "touch id " + Texts.quote(touchId) + " was already used with another request: recorded "
        + recorded + "; requested " + requested;
  }

  /**
   * {@return the message that refuses a touch under a touch id used for another request, each
   * part of two touches shown apart where they read alike as far as a message shows them}
   */
  private static String touchRefusal(String touchId, Object previous, TouchpointKind kind,
      String visitorId, String code, @Nullable String channel) {
    if (!(previous instanceof Touchpoint touch)) {
      return refusal(touchId, recorded(previous, visitorId), touch(kind,
          apart(idOf(previous), visitorId)[1], Texts.quote(code),
          channel == null ? null : Texts.quote(channel)));
    }
    String[] visitors = apart(touch.visitorId(), visitorId);
    String wasCode = touch.code().orElse(null);
    String[] codes = wasCode == null ? new String[] {null, Texts.quote(code)}
        : apart(wasCode, code);
    String wasChannel = touch.channel().orElse(null);
    String[] channels = wasChannel == null || channel == null
        ? new String[] {wasChannel == null ? null : Texts.quote(wasChannel),
            channel == null ? null : Texts.quote(channel)}
        : apart(wasChannel, channel);
    return refusal(touchId, touch(touch.kind(), visitors[0], codes[0], channels[0]),
        touch(kind, visitors[1], codes[1], channels[1]));
  }

  /**
   * {@return the message that refuses a visit under a touch id used for another request: of two
   * visits, each part shown apart where they read alike as far as a message shows them, and a URL
   * equal to the one kept as {@code the same URL}}
   */
  private static String visitRefusal(String touchId, Object previous, String visitorId,
      String url, Object urlKept) {
    if (!(previous instanceof Visit visit)) {
      return refusal(touchId, recorded(previous, visitorId), "visit of "
          + named("visitor", apart(idOf(previous), visitorId)[1]) + " to " + Texts.quote(url));
    }
    String[] visitors = apart(visit.visitorId(), visitorId);
    String was = "visit of " + named("visitor", visitors[0]) + " to ";
    String is = "visit of " + named("visitor", visitors[1]) + " to ";
    if (visit.url().equals(urlKept)) {
      return refusal(touchId, was + Texts.quote(url), is + "the same URL");
    }
    if (!(visit.url() instanceof String wasUrl)) {
      return refusal(touchId, was + "another URL of more than " + KEPT_URL_LENGTH + " characters",
          is + Texts.quote(url));
    }
    String[] urls = Conflicts.shownApart(wasUrl, url);
    // Either both quoted whole, or both from where they differ.
    String reading = urls[0].startsWith("'") ? "" : "a URL reading ";
    return refusal(touchId, was + reading + urls[0], is + reading + urls[1]);
  }

  /** {@return the visitor of what is kept for a touch id} */
  private static String idOf(Object kept) {
    return kept instanceof Touchpoint touch ? touch.visitorId() : ((Visit) kept).visitorId();
  }

  /** {@return two texts as a message shows them: each quoted if equal, else apart} */
  private static String[] apart(String was, String is) {
    return was.equals(is) ? new String[] {Texts.quote(was), Texts.quote(is)}
        : Conflicts.shownApart(was, is);
  }

  /**
   * {@return a part of a request as a message shows it, such as {@code visitor 'v1'}, or {@code a
   * visitor reading from character 70 'x'} for one shown from where two differ}
   */
  private static String named(String noun, String shown) {
    return shown.startsWith("'") ? noun + " " + shown : "a " + noun + " reading " + shown;
  }

  /**
   * {@return a touch's request as a message shows it, its parts shown already, such as {@code
   * click of visitor 'v1' with code 'GLOWWITHMIA' on channel 'instagram'}}
   */
  private static String touch(TouchpointKind kind, String visitor, @Nullable String code,
      @Nullable String channel) {
    return (kind == TouchpointKind.COUPON ? "coupon use" : "click") + " of "
        + named("visitor", visitor) + (code == null ? "" : " with " + named("code", code))
        + (channel == null ? "" : " on " + named("channel", channel));
  }

  /**
   * {@return the request of what is kept for a touch id as a message shows it, to a request of
   * another kind: a touch's, or a visit's with its URL, or of a URL kept as its digest, a URL of
   * more than 256 characters; its visitor shown apart from the one requested}
   *
   * @param visitorId the visitor requested
   */
  private static String recorded(Object kept, String visitorId) {
    String visitor = apart(idOf(kept), visitorId)[0];
    if (kept instanceof Touchpoint touch) {
      return touch(touch.kind(), visitor, touch.code().map(Texts::quote).orElse(null),
          touch.channel().map(Texts::quote).orElse(null));
    }
    Visit visit = (Visit) kept;
    String to = visit.url() instanceof String url ? Texts.quote(url)
        : "a URL of more than " + KEPT_URL_LENGTH + " characters";
    return "visit of " + named("visitor", visitor) + " to " + to;
  }

  /** {@return the instant by which a kept outcome is forgotten: that of its touch, if any} */
  private static Instant at(Object kept) {
    return kept instanceof Touchpoint touch ? touch.instant() : ((Visit) kept).at();
  }

  /**
   * Runs {@code forgetTouches}, which forgets the touches of some visitors and returns them, while
   * no keyed touch can be recorded, then forgets the ids of those visitors' touches and visits, so
   * that nothing kept names them: a retry of such a request records it again. Holds every
   * stripe's lock, taken in order, so that no keyed touch is recorded between the two, to be kept
   * without its id for a retry to record a second time, or to lose its touch and keep its id.
   */
  void forgetVisitors(Supplier<Set<String>> forgetTouches) {
    forgetVisitors(forgetTouches, 0);
  }

  private void forgetVisitors(Supplier<Set<String>> forgetTouches, int from) {
    if (from == STRIPES) {
      Set<String> visitorIds = forgetTouches.get();
      for (Stripe stripe : stripes) {
        stripe.outcomes.values().removeIf(kept -> visitorIds.contains(idOf(kept)));
      }
      return;
    }
    synchronized (stripes[from]) {
      forgetVisitors(forgetTouches, from + 1);
    }
  }

  /** {@return the number of ids kept} */
  int size() {
    int size = 0;
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        size += stripe.outcomes.size();
      }
    }
    return size;
  }

  /**
   * {@return the stripe of a touch id} Not the low bits of its hash code, which a stripe's {@link
   * java.util.HashMap} takes for its bucket: the ids of a stripe would then fill only one bucket in
   * {@value #STRIPES}.
   */
  static int stripeOf(String touchId) {
    return HashKeys.stripe(touchId.hashCode(), STRIPE_BITS);
  }
}
