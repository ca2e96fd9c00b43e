package dev.trustedcompute.hvs.rules;

import static dev.trustedcompute.hvs.flavorgroup.MatchType.ALL_OF;
import static dev.trustedcompute.hvs.flavorgroup.MatchType.ANY_OF;
import static dev.trustedcompute.hvs.flavorgroup.MatchType.LATEST;
import static dev.trustedcompute.hvs.flavorgroup.Requirement.REQUIRED;
import static dev.trustedcompute.hvs.flavorgroup.Requirement.REQUIRED_IF_DEFINED;
import static dev.trustedcompute.hvs.rules.GceManifests.gce;
import static dev.trustedcompute.hvs.rules.Trust.NA;
import static dev.trustedcompute.hvs.rules.Trust.TRUSTED;
import static dev.trustedcompute.hvs.rules.Trust.UNTRUSTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustedcompute.hvs.flavor.Flavor;
import dev.trustedcompute.hvs.flavor.FlavorPart;
import dev.trustedcompute.hvs.flavor.FlavorPcr;
import dev.trustedcompute.hvs.flavor.StoredFlavor;
import dev.trustedcompute.hvs.flavorgroup.FlavorGroup;
import dev.trustedcompute.hvs.flavorgroup.MatchPolicy;
import dev.trustedcompute.hvs.flavorgroup.MatchType;
import dev.trustedcompute.hvs.flavorgroup.Requirement;
import dev.trustedcompute.hvs.rules.TrustVerdict.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Match policy × requirement × which flavors the group holds, on the real GCE evidence. "good" flavors are made
 * from the evidence, "bad" ones expect another PCR 0 value, "foreign" ones are for another BIOS version (PLATFORM)
 * or another machine (HOST_UNIQUE) and so never apply.
 */
class MatchPolicyMatrixTest {

    static final Map<FlavorPart, Flavor> GOLDEN = TestFlavors.from(gce().build());
    static final Duration LATER = Duration.ofHours(1);

    /** What the group holds for the part under test. */
    enum Holding {
        NONE(part -> List.of()),
        GOOD(part -> List.of(TestFlavors.store(good(part)))),
        BAD(part -> List.of(TestFlavors.store(bad(part)))),
        GOOD_THEN_NEWER_BAD(part -> List.of(TestFlavors.store(good(part)),
                TestFlavors.store(bad(part), TestFlavors.T0.plus(LATER)))),
        BAD_THEN_NEWER_GOOD(part -> List.of(TestFlavors.store(bad(part)),
                TestFlavors.store(good(part), TestFlavors.T0.plus(LATER)))),
        FOREIGN(part -> List.of(TestFlavors.store(foreign(part))));

        final Function<FlavorPart, List<StoredFlavor>> flavors;

        Holding(Function<FlavorPart, List<StoredFlavor>> flavors) {
            this.flavors = flavors;
        }
    }

    static Flavor good(FlavorPart part) {
        return GOLDEN.get(part).withId(UUID.randomUUID());
    }

    static Flavor bad(FlavorPart part) {
        Flavor f = good(part);
        FlavorPcr first = f.pcrs().getFirst();
        return new Flavor(f.meta(), f.bios(), Stream.concat(Stream.of(new FlavorPcr(first.pcr(), "00".repeat(48),
                true, first.eventlogEquals(), first.eventlogIncludes())), f.pcrs().stream().skip(1)).toList());
    }

    static Flavor foreign(FlavorPart part) {
        Flavor f = good(part);
        Flavor.Description d = f.meta().description();
        Flavor.Description other = new Flavor.Description(d.flavorPart(), d.label(), d.source(), d.biosName(),
                part == FlavorPart.PLATFORM ? "another BIOS" : d.biosVersion(), d.osName(), d.osVersion(),
                d.tpmVersion(), part == FlavorPart.HOST_UNIQUE ? UUID.randomUUID().toString() : d.hardwareUuid(),
                d.secureBootEnabled(), d.flavorTemplateIds(), d.comment());
        return new Flavor(new Flavor.Meta(f.meta().id(), f.meta().vendor(), other), f.bios(), f.pcrs());
    }

    record Case(FlavorPart part, MatchType type, Requirement required, Holding holding, Trust expected,
                List<Rule> faults) {
        @Override
        public String toString() {
            return part + " " + type + "/" + required + " holding " + holding + " -> " + expected;
        }
    }

    static Case c(FlavorPart part, MatchType type, Requirement required, Holding holding, Trust expected, Rule... faults) {
        return new Case(part, type, required, holding, expected, List.of(faults));
    }

    static Stream<Case> cases() {
        FlavorPart p = FlavorPart.PLATFORM;
        Rule missing = Rule.REQUIRED_FLAVOR_PART;
        Rule pcr = Rule.PCR_MATCHES_CONSTANT;
        return Stream.of(
                c(p, ANY_OF, REQUIRED, Holding.NONE, UNTRUSTED, missing),
                c(p, ANY_OF, REQUIRED, Holding.GOOD, TRUSTED),
                c(p, ANY_OF, REQUIRED, Holding.BAD, UNTRUSTED, pcr),
                c(p, ANY_OF, REQUIRED, Holding.GOOD_THEN_NEWER_BAD, TRUSTED),
                c(p, ANY_OF, REQUIRED, Holding.BAD_THEN_NEWER_GOOD, TRUSTED),
                c(p, ANY_OF, REQUIRED, Holding.FOREIGN, UNTRUSTED, missing),
                c(p, ANY_OF, REQUIRED_IF_DEFINED, Holding.NONE, NA),
                c(p, ANY_OF, REQUIRED_IF_DEFINED, Holding.GOOD, TRUSTED),
                c(p, ANY_OF, REQUIRED_IF_DEFINED, Holding.BAD, UNTRUSTED, pcr),
                c(p, ANY_OF, REQUIRED_IF_DEFINED, Holding.GOOD_THEN_NEWER_BAD, TRUSTED),
                c(p, ANY_OF, REQUIRED_IF_DEFINED, Holding.FOREIGN, UNTRUSTED, missing),
                c(p, ALL_OF, REQUIRED, Holding.NONE, UNTRUSTED, missing),
                c(p, ALL_OF, REQUIRED, Holding.GOOD, TRUSTED),
                c(p, ALL_OF, REQUIRED, Holding.BAD, UNTRUSTED, pcr, Rule.ALL_OF_FLAVORS),
                c(p, ALL_OF, REQUIRED, Holding.GOOD_THEN_NEWER_BAD, UNTRUSTED, pcr, Rule.ALL_OF_FLAVORS),
                c(p, ALL_OF, REQUIRED, Holding.BAD_THEN_NEWER_GOOD, UNTRUSTED, pcr, Rule.ALL_OF_FLAVORS),
                c(p, ALL_OF, REQUIRED_IF_DEFINED, Holding.NONE, NA),
                c(p, ALL_OF, REQUIRED_IF_DEFINED, Holding.GOOD, TRUSTED),
                c(p, ALL_OF, REQUIRED_IF_DEFINED, Holding.BAD_THEN_NEWER_GOOD, UNTRUSTED, pcr, Rule.ALL_OF_FLAVORS),
                c(p, ALL_OF, REQUIRED_IF_DEFINED, Holding.FOREIGN, UNTRUSTED, missing),
                c(p, LATEST, REQUIRED, Holding.NONE, UNTRUSTED, missing),
                c(p, LATEST, REQUIRED, Holding.GOOD, TRUSTED),
                c(p, LATEST, REQUIRED, Holding.BAD, UNTRUSTED, pcr),
                c(p, LATEST, REQUIRED, Holding.GOOD_THEN_NEWER_BAD, UNTRUSTED, pcr),
                c(p, LATEST, REQUIRED, Holding.BAD_THEN_NEWER_GOOD, TRUSTED),
                c(p, LATEST, REQUIRED_IF_DEFINED, Holding.NONE, NA),
                c(p, LATEST, REQUIRED_IF_DEFINED, Holding.GOOD_THEN_NEWER_BAD, UNTRUSTED, pcr),
                c(p, LATEST, REQUIRED_IF_DEFINED, Holding.BAD_THEN_NEWER_GOOD, TRUSTED),
                c(p, LATEST, REQUIRED_IF_DEFINED, Holding.FOREIGN, UNTRUSTED, missing),
                // HOST_UNIQUE is defined per host: another machine's flavor does not make it required
                c(FlavorPart.HOST_UNIQUE, LATEST, REQUIRED_IF_DEFINED, Holding.FOREIGN, NA),
                c(FlavorPart.HOST_UNIQUE, LATEST, REQUIRED_IF_DEFINED, Holding.GOOD, TRUSTED),
                c(FlavorPart.HOST_UNIQUE, LATEST, REQUIRED, Holding.FOREIGN, UNTRUSTED, missing),
                c(FlavorPart.HOST_UNIQUE, ANY_OF, REQUIRED_IF_DEFINED, Holding.BAD, UNTRUSTED, pcr));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evaluateWhenPolicyAndHoldingThenPartTrustAndFaults(Case c) {
        UUID groupId = UUID.randomUUID();
        FlavorGroup group = new FlavorGroup(groupId, "matrix", Map.of(c.part(), new MatchPolicy(c.type(), c.required())),
                false);
        TrustVerdict verdict = new TrustRules(TestFlavors.KEY).evaluate(gce().groups(groupId).build(),
                List.of(new GroupFlavors(group, c.holding().flavors.apply(c.part()))), false);

        assertThat(verdict.parts().get(c.part())).isEqualTo(c.expected());
        assertThat(verdict.overall()).isEqualTo(c.expected() == TRUSTED ? TRUSTED : UNTRUSTED);
        assertThat(verdict.faults()).filteredOn(f -> f.part() == c.part()).extracting(Fault::rule)
                .containsExactlyInAnyOrderElementsOf(c.faults());
        if (c.expected() == NA) {
            assertThat(verdict.faults()).extracting(Fault::rule).containsExactly(Rule.REQUIRED_FLAVOR_PART);
            assertThat(verdict.faults().getFirst().part()).isNull();
        }
    }
}
