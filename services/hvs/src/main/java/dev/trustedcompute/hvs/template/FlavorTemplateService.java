package dev.trustedcompute.hvs.template;

import dev.trustedcompute.hvs.TimeOrderedIds;
import dev.trustedcompute.hvs.flavor.FlavorError;
import dev.trustedcompute.hvs.flavorgroup.FlavorGroupService;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Flavor templates: create (validated), search, soft-delete, and the flavor groups they make flavors for. */
@Service
public class FlavorTemplateService {

    private final FlavorTemplateRepository templates;
    private final FlavorGroupService groups;
    private final TimeOrderedIds ids;
    private final Clock clock;

    public FlavorTemplateService(FlavorTemplateRepository templates, FlavorGroupService groups, TimeOrderedIds ids,
                                 Clock clock) {
        this.templates = templates;
        this.groups = groups;
        this.ids = ids;
        this.clock = clock;
    }

    /** Stores a new template (a new id is assigned) and links it to the named groups (none: no links). */
    @Transactional
    public FlavorTemplate create(FlavorTemplate template, List<String> groupNames) {
        if (template == null) {
            throw FlavorError.INVALID_INPUT.exception("flavor_template: is required");
        }
        try {
            TemplateValidator.validate(template);
        } catch (InvalidTemplateException e) {
            throw FlavorError.INVALID_INPUT.exception("flavor_template." + e.getMessage());
        }
        List<UUID> groupIds = groupNames == null || groupNames.isEmpty() ? List.of() : groups.resolve(groupNames);
        if (templates.labelInUse(template.label())) {
            throw FlavorError.FLAVOR_TEMPLATE_EXISTS.exception("a flavor template labelled '" + template.label() + "' exists");
        }
        FlavorTemplate stored = template.withId(ids.next());
        try {
            templates.insert(stored, clock.instant());
        } catch (DuplicateKeyException e) {
            throw FlavorError.FLAVOR_TEMPLATE_EXISTS.exception("a flavor template labelled '" + template.label() + "' exists");
        }
        groupIds.forEach(g -> templates.link(stored.id(), g));
        return stored;
    }

    public List<FlavorTemplateRepository.StoredTemplate> search(FlavorTemplateRepository.Filter filter) {
        return templates.search(filter);
    }

    public FlavorTemplateRepository.StoredTemplate get(UUID id) {
        return templates.find(id).orElseThrow(() -> FlavorError.FLAVOR_TEMPLATE_NOT_FOUND.exception("no flavor template " + id));
    }

    @Transactional
    public void delete(UUID id) {
        if (get(id).deleted()) {
            throw FlavorError.FLAVOR_TEMPLATE_NOT_FOUND.exception("flavor template " + id + " is deleted");
        }
        templates.softDelete(id);
    }

    @Transactional
    public void linkGroup(UUID templateId, UUID groupId) {
        if (get(templateId).deleted()) {
            throw FlavorError.FLAVOR_TEMPLATE_DELETED.exception("flavor template " + templateId + " is deleted");
        }
        groups.get(groupId);
        templates.link(templateId, groupId);
    }

    @Transactional
    public void unlinkGroup(UUID templateId, UUID groupId) {
        if (!templates.unlink(templateId, groupId)) {
            throw FlavorError.LINK_NOT_FOUND.exception("flavor template " + templateId + " is not linked to flavor group "
                    + groupId);
        }
    }

    public List<UUID> groupIds(UUID templateId) {
        get(templateId);
        return templates.groupIdsOf(templateId);
    }

    public void requireLink(UUID templateId, UUID groupId) {
        if (!groupIds(templateId).contains(groupId)) {
            throw FlavorError.LINK_NOT_FOUND.exception("flavor template " + templateId + " is not linked to flavor group "
                    + groupId);
        }
    }
}
