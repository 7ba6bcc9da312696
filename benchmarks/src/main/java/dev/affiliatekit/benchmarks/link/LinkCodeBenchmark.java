package dev.affiliatekit.benchmarks.link;

import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.link.LinkCodeGenerator;
import dev.affiliatekit.link.LinkIdCodec;
import dev.affiliatekit.link.LinkOwner;
import dev.affiliatekit.link.LinkRegistry;
import dev.affiliatekit.link.TrackingLinkParser;
import dev.affiliatekit.link.TrackingParameters;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sqids.Sqids;

/**
 * The hot paths of link codes: generating random codes ({@code generate}, with a fast seeded
 * generator and with {@link SecureRandom}), encoding and decoding ids ({@code encode}, {@code
 * decode}), reading a code ({@code parse}), reading it and finding its owner ({@code
 * parseAndResolve}), finding the owner of a parsed code ({@code resolve}), and reading the code
 * and UTM parameters of a click's URL ({@code parseTrackingUrl}).
 *
 * <p>The id encoding runs beside Sqids ({@code _sqids}), the usual library for short ids from
 * numbers, configured as its users do by default: its default alphabet and blocklist. Both encode
 * the same ids, from 1 to 10<sup>12</sup>, and decode their own codes back to them. The blocklist,
 * which keeps words out of codes and which this library's codec has no counterpart of, is most of
 * what Sqids spends encoding, so Sqids also encodes without it ({@code encode_sqidsNoBlocklist}).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LinkCodeBenchmark -prof gc -rf json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class LinkCodeBenchmark {

  static final int SIZE = 1 << 10;
  private static final int MASK = SIZE - 1;
  private static final long SEED = 0x5EED_2026L;
  /** How many codes the registry holds; the looked-up codes are among them. */
  static final int REGISTERED = 1 << 16;

  final long[] ids = new long[SIZE];
  final String[] affiliatekitIdCodes = new String[SIZE];
  final String[] sqidsIdCodes = new String[SIZE];
  final String[] codeTexts = new String[SIZE];
  final LinkCode[] codes = new LinkCode[SIZE];
  final LinkOwner[] owners = new LinkOwner[SIZE];
  final String[] trackingUrls = new String[SIZE];

  private final LinkIdCodec codec =
      LinkIdCodec.withSecret("benchmark secret, 32 bytes long!".getBytes(StandardCharsets.UTF_8));
  private final Sqids sqids = Sqids.builder().build();
  private final Sqids sqidsNoBlocklist = Sqids.builder().blockList(Set.of()).build();
  private final LinkRegistry registry = LinkRegistry.inMemory();
  private final TrackingLinkParser parser = TrackingLinkParser.defaults();

  /** The cursor into the inputs and the random generators, one per thread. */
  @State(Scope.Thread)
  public static class Cursor {
    private int index;
    final LinkCodeGenerator fastRandom =
        LinkCodeGenerator.random(new SplittableRandom(SEED), LinkCodeGenerator.DEFAULT_LENGTH);
    final LinkCodeGenerator secureRandom = LinkCodeGenerator.random();

    int next() {
      return index++ & MASK;
    }
  }

  /**
   * Generates the ids, registers {@value #REGISTERED} random codes with 1,024 affiliates and
   * builds a tracking URL around each looked-up code, from a fixed seed.
   */
  @Setup
  public void generate() {
    SplittableRandom random = new SplittableRandom(SEED);
    LinkCodeGenerator generator = LinkCodeGenerator.random(random.split(), 10);
    for (int i = 0; i < REGISTERED; i++) {
      LinkOwner owner = LinkOwner.of("aff-" + (i & MASK));
      LinkCode code = registry.claimNew(generator, 8, owner);
      if (i < SIZE) {
        codes[i] = code;
        owners[i] = owner;
        codeTexts[i] = code.toString();
        trackingUrls[i] = "https://shop.example/skin-serum?size=50ml&ref=" + code
            + "&utm_source=instagram&utm_medium=social&utm_campaign=spring%20sale";
      }
    }
    for (int i = 0; i < SIZE; i++) {
      ids[i] = random.nextLong(1, 1_000_000_000_000L);
      affiliatekitIdCodes[i] = codec.encode(ids[i]).toString();
      sqidsIdCodes[i] = sqids.encode(List.of(ids[i]));
    }
  }

  /** {@return a random code from a seeded SplittableRandom} */
  @Benchmark
  public LinkCode generateFastRandom_affiliatekit(Cursor cursor) {
    return cursor.fastRandom.next();
  }

  /** {@return a random code from a SecureRandom} */
  @Benchmark
  public LinkCode generateSecureRandom_affiliatekit(Cursor cursor) {
    return cursor.secureRandom.next();
  }

  /** {@return the code of the id at {@code i}} */
  @Benchmark
  public LinkCode encode_affiliatekit(Cursor cursor) {
    return codec.encode(ids[cursor.next()]);
  }

  /** {@return the code of the id at {@code i}} */
  @Benchmark
  public String encode_sqids(Cursor cursor) {
    return sqids.encode(List.of(ids[cursor.next()]));
  }

  /** {@return the code of the id at {@code i}, by Sqids without its blocklist} */
  @Benchmark
  public String encode_sqidsNoBlocklist(Cursor cursor) {
    return sqidsNoBlocklist.encode(List.of(ids[cursor.next()]));
  }

  /** {@return the id of the code at {@code i}, from its text} */
  @Benchmark
  public long decode_affiliatekit(Cursor cursor) {
    return codec.decode(LinkCode.parse(affiliatekitIdCodes[cursor.next()]));
  }

  /** {@return the id of the code at {@code i}, from its text} */
  @Benchmark
  public long decode_sqids(Cursor cursor) {
    return sqids.decode(sqidsIdCodes[cursor.next()]).get(0);
  }

  /** {@return the code read from the text at {@code i}, its check symbol checked} */
  @Benchmark
  public LinkCode parse_affiliatekit(Cursor cursor) {
    return LinkCode.parse(codeTexts[cursor.next()]);
  }

  /** {@return the owner of the code read from the text at {@code i}} */
  @Benchmark
  public Optional<LinkOwner> parseAndResolve_affiliatekit(Cursor cursor) {
    return registry.resolve(LinkCode.parse(codeTexts[cursor.next()]));
  }

  /** {@return the owner of the parsed code at {@code i}} */
  @Benchmark
  public Optional<LinkOwner> resolve_affiliatekit(Cursor cursor) {
    return registry.resolve(codes[cursor.next()]);
  }

  /** {@return the code and UTM parameters of the tracking URL at {@code i}} */
  @Benchmark
  public TrackingParameters parseTrackingUrl_affiliatekit(Cursor cursor) {
    return parser.parse(trackingUrls[cursor.next()]);
  }
}
