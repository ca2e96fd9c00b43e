package dev.trustedcompute.hvs.flavorgroup;

import dev.trustedcompute.hvs.flavor.FlavorRepository;
import dev.trustedcompute.hvs.flavor.FlavorSigningKey;
import dev.trustedcompute.hvs.rules.GroupFlavors;
import dev.trustedcompute.hvs.rules.HostManifest;
import dev.trustedcompute.hvs.rules.TrustEvaluator;
import dev.trustedcompute.hvs.rules.TrustRules;
import dev.trustedcompute.hvs.rules.TrustVerdict;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@link TrustEvaluator}: loads the host's flavor groups and the flavors that can apply to it, takes golden
 * values after a reboot where a group asks for it, and lets {@link TrustRules} judge.
 */
@Service
public class FlavorGroupTrustEvaluator implements TrustEvaluator {

    private final FlavorGroupRepository groups;
    private final FlavorRepository flavors;
    private final GoldenAfterReboot golden;
    private final TrustRules rules;

    public FlavorGroupTrustEvaluator(FlavorGroupRepository groups, FlavorRepository flavors, GoldenAfterReboot golden,
                                     FlavorSigningKey signingKey) {
        this.groups = groups;
        this.flavors = flavors;
        this.golden = golden;
        this.rules = new TrustRules(signingKey);
    }

    @Override
    @Transactional
    public TrustVerdict evaluate(HostManifest manifest) {
        List<FlavorGroup> hostGroups = groups.findAll(manifest.flavorGroupIds());
        boolean goldenTaken = golden.takeIfRebooted(manifest, hostGroups);
        List<GroupFlavors> judged = hostGroups.stream().map(g -> new GroupFlavors(g,
                flavors.ofGroupFor(g.id(), manifest.hostInfo().hardwareUuid()))).toList();
        return rules.evaluate(manifest, judged, goldenTaken);
    }
}
