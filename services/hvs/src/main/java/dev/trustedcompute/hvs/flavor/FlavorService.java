package dev.trustedcompute.hvs.flavor;

import dev.trustedcompute.hvs.TimeOrderedIds;
import dev.trustedcompute.hvs.flavorgroup.FlavorChanges;
import dev.trustedcompute.hvs.flavorgroup.FlavorGroupService;
import dev.trustedcompute.hvs.rules.HostManifest;
import dev.trustedcompute.hvs.rules.HostManifestSource;
import dev.trustedcompute.hvs.template.FlavorCreationException;
import dev.trustedcompute.hvs.template.FlavorFactory;
import dev.trustedcompute.hvs.template.FlavorTemplateRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Flavors: made from a host's current evidence with the templates of the target groups, imported from a document,
 * searched, deleted. New and deleted flavors are announced so that the groups' hosts are re-verified.
 */
@Service
public class FlavorService {

    private final FlavorRepository flavors;
    private final FlavorStore store;
    private final FlavorGroupService groups;
    private final FlavorChanges changes;
    private final FlavorTemplateRepository templates;
    private final HostManifestSource hosts;
    private final TimeOrderedIds ids;
    private final Clock clock;
    private final TransactionTemplate transaction;

    public FlavorService(FlavorRepository flavors, FlavorStore store, FlavorGroupService groups, FlavorChanges changes,
                         FlavorTemplateRepository templates, HostManifestSource hosts, TimeOrderedIds ids, Clock clock,
                         TransactionTemplate transaction) {
        this.flavors = flavors;
        this.store = store;
        this.groups = groups;
        this.changes = changes;
        this.templates = templates;
        this.hosts = hosts;
        this.ids = ids;
        this.clock = clock;
        this.transaction = transaction;
    }

    /**
     * Makes flavors from fresh evidence of host {@code hostId} (fetched outside any transaction: it waits for the
     * agent) and stores them in the named groups ({@code automatic} when none).
     *
     * @param parts the parts to make; empty: every part the applicable templates define
     */
    public List<StoredFlavor> createFromHost(UUID hostId, List<String> groupNames, Set<FlavorPart> parts) {
        List<UUID> groupIds = groups.resolve(groupNames);
        HostManifest manifest = hosts.fetch(hostId);
        List<Flavor> made;
        try {
            made = new FlavorFactory(ids::next).fromHost(manifest, templates.forGroups(groupIds), parts, clock.instant());
        } catch (FlavorCreationException e) {
            throw FlavorError.EVIDENCE_UNSUITABLE.exception(e.getMessage());
        }
        return storeAndAnnounce(made, groupIds);
    }

    /** Signs and stores flavors from a document (HVS assigns new ids) in the named groups. */
    public List<StoredFlavor> importFlavors(List<Flavor> documents, List<String> groupNames) {
        if (documents == null || documents.isEmpty()) {
            throw FlavorError.INVALID_INPUT.exception("flavor_collection.flavors: needs at least one flavor");
        }
        List<UUID> groupIds = groups.resolve(groupNames);
        List<Flavor> checked = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            Flavor flavor = documents.get(i);
            if (flavor == null) {
                throw FlavorError.INVALID_INPUT.exception("flavor_collection.flavors[" + i + "].flavor: is required");
            }
            try {
                FlavorValidator.validate(flavor);
            } catch (InvalidFlavorException e) {
                throw FlavorError.INVALID_INPUT.exception("flavor_collection.flavors[" + i + "].flavor." + e.getMessage());
            }
            checked.add(flavor.withId(ids.next()));
        }
        return storeAndAnnounce(checked, groupIds);
    }

    private List<StoredFlavor> storeAndAnnounce(List<Flavor> made, List<UUID> groupIds) {
        return transaction.execute(status -> {
            List<StoredFlavor> stored = store.store(made, groupIds, null);
            changes.changed(groupIds);
            return stored;
        });
    }

    public List<StoredFlavor> search(FlavorRepository.Filter filter) {
        return flavors.search(filter);
    }

    public StoredFlavor get(UUID id) {
        return flavors.find(id).orElseThrow(() -> FlavorError.FLAVOR_NOT_FOUND.exception("no flavor " + id));
    }

    /** Deletes a flavor; the hosts of its groups are re-verified. */
    public void delete(UUID id) {
        transaction.executeWithoutResult(status -> {
            Set<UUID> groupIds = flavors.groupIdsOf(id);
            if (!flavors.delete(id)) {
                throw FlavorError.FLAVOR_NOT_FOUND.exception("no flavor " + id);
            }
            changes.changed(groupIds);
        });
    }
}
