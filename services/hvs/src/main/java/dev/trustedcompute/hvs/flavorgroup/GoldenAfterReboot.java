package dev.trustedcompute.hvs.flavorgroup;

import dev.trustedcompute.hvs.TimeOrderedIds;
import dev.trustedcompute.hvs.flavor.Flavor;
import dev.trustedcompute.hvs.flavor.FlavorRepository;
import dev.trustedcompute.hvs.flavor.FlavorStore;
import dev.trustedcompute.hvs.rules.HostManifest;
import dev.trustedcompute.hvs.template.FlavorCreationException;
import dev.trustedcompute.hvs.template.FlavorFactory;
import dev.trustedcompute.hvs.template.FlavorTemplateRepository;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The seed behaviour, as an explicit per-group option: when a group has {@code golden_after_reboot} and the evidence
 * comes from a TPM boot (reset count) other than the one its golden flavors for this host were taken from, the
 * evidence's own measurements replace them. The evidence must still replay (flavor creation takes only verified
 * events); when it cannot give the flavors, nothing is taken and the host is judged by the old ones.
 */
@Component
public class GoldenAfterReboot {

    private static final Logger log = LoggerFactory.getLogger(GoldenAfterReboot.class);

    private final GoldenBootRepository boots;
    private final FlavorRepository flavors;
    private final FlavorStore store;
    private final FlavorTemplateRepository templates;
    private final TimeOrderedIds ids;
    private final Clock clock;

    public GoldenAfterReboot(GoldenBootRepository boots, FlavorRepository flavors, FlavorStore store,
                             FlavorTemplateRepository templates, TimeOrderedIds ids, Clock clock) {
        this.boots = boots;
        this.flavors = flavors;
        this.store = store;
        this.templates = templates;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Takes golden flavors from {@code manifest} for every group of {@code groups} that asks for it and has none
     * from this boot yet; runs inside the caller's transaction. Returns whether any were taken.
     */
    public boolean takeIfRebooted(HostManifest manifest, List<FlavorGroup> groups) {
        boolean taken = false;
        long resetCount = manifest.counters().resetCount();
        for (FlavorGroup group : groups) {
            if (!group.goldenAfterReboot()) {
                continue;
            }
            Optional<Long> recorded = boots.resetCount(manifest.hostId(), group.id());
            if (recorded.isPresent() && recorded.get() == resetCount) {
                continue;
            }
            List<Flavor> golden;
            try {
                golden = new FlavorFactory(ids::next).fromHost(manifest, templates.forGroups(Set.of(group.id())),
                        Set.of(), clock.instant());
            } catch (FlavorCreationException e) {
                log.warn("host {}: golden values for group '{}' not taken after reboot (reset count {}): {}",
                        manifest.hostId(), group.name(), resetCount, e.getMessage());
                continue;
            }
            if (!boots.claim(manifest.hostId(), group.id(), resetCount, clock.instant())) {
                continue;
            }
            int replaced = flavors.deleteGolden(manifest.hostId(), group.id());
            store.store(golden, Set.of(group.id()), manifest.hostId());
            log.info("host {}: took {} golden flavors for group '{}' from the first evidence after reboot (reset "
                    + "count {}, replaced {})", manifest.hostId(), golden.size(), group.name(), resetCount, replaced);
            taken = true;
        }
        return taken;
    }
}
