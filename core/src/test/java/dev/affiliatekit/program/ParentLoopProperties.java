package dev.affiliatekit.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.money.Rate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Enrollments and profile changes with parents, in any order: the program refuses one exactly
 * when the parents, as enrolled, would lead back to the affiliate, whether or not the parents
 * are enrolled yet, and keeps the parents it had.
 */
class ParentLoopProperties {

  private static final List<String> IDS = List.of("a", "b", "c", "d", "e");
  private static final CommissionPlan PLAN = CommissionPlan.builder()
      .rule(CommissionRule.percentage("all", Rate.ofPercent(10))).build();

  /** Enrolls or changes the profile of an affiliate, with a parent or none. */
  record Step(String affiliateId, Optional<String> parentId) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    return Combinators.combine(Arbitraries.of(IDS), Arbitraries.of(IDS).optional(0.8))
        .as(Step::new).filter(step -> !step.parentId().equals(Optional.of(step.affiliateId())))
        .list().ofMinSize(1).ofMaxSize(20);
  }

  @Property(tries = 1000)
  void aProfile_isRefused_exactlyWhenItsParentsLeadBack(@ForAll("steps") List<Step> steps) {
    AffiliateProgram program = AffiliateProgram.builder().plan(PLAN)
        .clock(Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC)).build();
    Map<String, String> parents = new HashMap<>();
    Map<String, Boolean> enrolled = new HashMap<>();
    for (Step step : steps) {
      AffiliateProfile.Builder builder = AffiliateProfile.builder(step.affiliateId());
      step.parentId().ifPresent(builder::parentId);
      AffiliateProfile profile = builder.build();
      boolean loops = false;
      for (String at = step.parentId().orElse(null); at != null; at = parents.get(at)) {
        if (at.equals(step.affiliateId())) {
          loops = true;
          break;
        }
      }
      Statistics.label("loops").collect(loops);
      boolean known = enrolled.containsKey(step.affiliateId());
      if (loops) {
        assertThatThrownBy(() -> change(program, profile, known)).as("%s in %s", step, parents)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("profile parentId would make a loop of parents: ");
      } else {
        change(program, profile, known);
        enrolled.put(step.affiliateId(), true);
        if (step.parentId().isPresent()) {
          parents.put(step.affiliateId(), step.parentId().get());
        } else {
          parents.remove(step.affiliateId());
        }
      }
      for (String id : enrolled.keySet()) {
        assertThat(program.enrollment(id).orElseThrow().profile().parentId())
            .isEqualTo(Optional.ofNullable(parents.get(id)));
      }
    }
  }

  private static void change(AffiliateProgram program, AffiliateProfile profile, boolean known) {
    if (known) {
      program.updateProfile(profile);
    } else {
      program.enroll(profile, profile.affiliateId().toUpperCase() + "CODE");
    }
  }
}
