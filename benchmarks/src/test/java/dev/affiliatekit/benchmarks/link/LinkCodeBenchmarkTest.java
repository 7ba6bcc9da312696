package dev.affiliatekit.benchmarks.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.link.TrackingParameters;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sqids.Sqids;

/** Checks that every implementation in {@link LinkCodeBenchmark} computes the expected answers. */
class LinkCodeBenchmarkTest {

  private static final int INPUTS = LinkCodeBenchmark.SIZE;

  private static LinkCodeBenchmark.Cursor[] cursors(int count) {
    LinkCodeBenchmark.Cursor[] cursors = new LinkCodeBenchmark.Cursor[count];
    Arrays.setAll(cursors, i -> new LinkCodeBenchmark.Cursor());
    return cursors;
  }

  @Test
  void encodeAndDecode_bothImplementationsRoundTripTheSameIds() {
    LinkCodeBenchmark benchmark = new LinkCodeBenchmark();
    benchmark.generate();
    LinkCodeBenchmark.Cursor[] cursors = cursors(5);
    Sqids sqids = Sqids.builder().build();
    Sqids sqidsNoBlocklist = Sqids.builder().blockList(Set.of()).build();
    Set<LinkCode> ours = new HashSet<>();
    Set<String> theirs = new HashSet<>();
    for (int i = 0; i < INPUTS; i++) {
      long id = benchmark.ids[i];
      LinkCode code = benchmark.encode_affiliatekit(cursors[0]);
      String sqidsCode = benchmark.encode_sqids(cursors[1]);
      assertThat(code).hasToString(benchmark.affiliatekitIdCodes[i]);
      assertThat(sqidsCode).isEqualTo(benchmark.sqidsIdCodes[i]);
      assertThat(sqids.decode(sqidsCode)).isEqualTo(List.of(id));
      assertThat(benchmark.decode_affiliatekit(cursors[2])).isEqualTo(id);
      assertThat(benchmark.decode_sqids(cursors[3])).isEqualTo(id);
      assertThat(sqidsNoBlocklist.decode(benchmark.encode_sqidsNoBlocklist(cursors[4])))
          .containsExactly(id);
      ours.add(code);
      theirs.add(sqidsCode);
    }
    long distinctIds = Arrays.stream(benchmark.ids).distinct().count();
    assertThat(ours).hasSize((int) distinctIds);
    assertThat(theirs).hasSize((int) distinctIds);
  }

  @Test
  void parseAndResolve_findTheOwnerOfEveryCode() {
    LinkCodeBenchmark benchmark = new LinkCodeBenchmark();
    benchmark.generate();
    LinkCodeBenchmark.Cursor[] cursors = cursors(4);
    for (int i = 0; i < INPUTS; i++) {
      assertThat(benchmark.parse_affiliatekit(cursors[0])).isEqualTo(benchmark.codes[i]);
      assertThat(benchmark.parseAndResolve_affiliatekit(cursors[1])).contains(benchmark.owners[i]);
      assertThat(benchmark.resolve_affiliatekit(cursors[2])).contains(benchmark.owners[i]);
      TrackingParameters click = benchmark.parseTrackingUrl_affiliatekit(cursors[3]);
      assertThat(click.code()).contains(benchmark.codes[i]);
      assertThat(click.utm().campaign()).contains("spring sale");
    }
  }

  @Test
  void generate_makesValidCodes() {
    LinkCodeBenchmark benchmark = new LinkCodeBenchmark();
    LinkCodeBenchmark.Cursor cursor = new LinkCodeBenchmark.Cursor();
    for (int i = 0; i < INPUTS; i++) {
      LinkCode fast = benchmark.generateFastRandom_affiliatekit(cursor);
      LinkCode secure = benchmark.generateSecureRandom_affiliatekit(cursor);
      assertThat(LinkCode.parse(fast.toString())).isEqualTo(fast);
      assertThat(LinkCode.parse(secure.toString())).isEqualTo(secure);
    }
  }
}
