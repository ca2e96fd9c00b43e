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
import org.springframework.transaction.support.TransactionTemplate;

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
    private final TransactionTemplate tx;

    public FlavorGroupTrustEvaluator(FlavorGroupRepository groups, FlavorRepository flavors, GoldenAfterReboot golden,
                                     FlavorSigningKey signingKey, TransactionTemplate tx) {
        this.groups = groups;
        this.flavors = flavors;
        this.golden = golden;
        this.rules = new TrustRules(signingKey);
        this.tx = tx;
    }

    @Override
    public TrustVerdict evaluate(HostManifest manifest) {
        List<FlavorGroup> hostGroups = groups.findAll(manifest.flavorGroupIds());
        // reads need no transaction; taking golden flavors writes rows that belong together
        boolean goldenTaken = hostGroups.stream().anyMatch(FlavorGroup::goldenAfterReboot)
                && Boolean.TRUE.equals(tx.execute(status -> golden.takeIfRebooted(manifest, hostGroups)));
        List<GroupFlavors> judged = hostGroups.stream().map(g -> new GroupFlavors(g,
                flavors.ofGroupFor(g.id(), manifest.hostInfo().hardwareUuid()))).toList();
        return rules.evaluate(manifest, judged, goldenTaken);
    }
}
