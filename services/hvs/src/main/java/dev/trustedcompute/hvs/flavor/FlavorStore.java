package dev.trustedcompute.hvs.flavor;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Signs and stores new flavors and links them to groups, all or none. The flavors must carry their final ids and
 * have passed {@link FlavorValidator}. Does not announce the change (callers decide whom to re-verify).
 */
@Component
public class FlavorStore {

    private final FlavorRepository flavors;
    private final FlavorSigningKey signingKey;
    private final Clock clock;

    public FlavorStore(FlavorRepository flavors, FlavorSigningKey signingKey, Clock clock) {
        this.flavors = flavors;
        this.signingKey = signingKey;
        this.clock = clock;
    }

    /**
     * @param goldenHostId the host golden-after-reboot took these flavors from; null for flavors made on request
     * @throws dev.trustedcompute.servicekit.error.ServiceException 409 when a label is taken
     */
    @Transactional
    public List<StoredFlavor> store(List<Flavor> newFlavors, Collection<UUID> groupIds, UUID goldenHostId) {
        List<StoredFlavor> stored = new ArrayList<>();
        for (Flavor flavor : newFlavors) {
            String content = StrictJson.write(flavor);
            StoredFlavor row = new StoredFlavor(flavor.meta().id(), flavor.part(), clock.instant(), content,
                    signingKey.sign(content.getBytes(StandardCharsets.UTF_8)));
            String label = flavor.meta().description().label();
            try {
                flavors.insert(row, label, flavor.meta().description().hardwareUuid(), goldenHostId);
            } catch (DuplicateKeyException e) {
                throw FlavorError.FLAVOR_EXISTS.exception("a flavor labelled '" + label + "' exists");
            }
            groupIds.forEach(group -> flavors.linkFlavor(group, row.id()));
            stored.add(row);
        }
        return stored;
    }
}
