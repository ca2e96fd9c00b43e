package dev.trustedcompute.hvs.hosts;

import dev.trustedcompute.hvs.HvsError;
import dev.trustedcompute.hvs.HvsPermissions;
import dev.trustedcompute.hvs.hosts.HostDtos.HostCreate;
import dev.trustedcompute.hvs.hosts.HostDtos.HostPage;
import dev.trustedcompute.hvs.hosts.HostDtos.HostUpdate;
import dev.trustedcompute.hvs.hosts.HostDtos.HostView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Hosts: register, search, read, change, remove. Logic-free: converts and delegates to {@link HostService}. */
@RestController
@RequestMapping(path = "/hvs/v2/hosts", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "hosts", description = "Nodes HVS verifies, their flavor groups and status")
public class HostsController {

    static final int MAX_LIMIT = 1000;

    private final HostService hosts;
    private final Clock clock;

    public HostsController(HostService hosts, Clock clock) {
        this.hosts = hosts;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + HvsPermissions.HOSTS_CREATE + "')")
    @Operation(operationId = "createHost", summary = "Register a host (it is verified once its agent has onboarded)")
    public ResponseEntity<HostView> create(@RequestBody HostCreate body) {
        HostListing created = hosts.create(new HostService.HostSpec(body.name(), body.hostId(), body.hardwareUuid(),
                body.description(), body.flavorGroupIds()));
        return ResponseEntity.created(URI.create("/hvs/v2/hosts/" + created.host().id()))
                .body(HostView.of(created, clock.instant()));
    }

    @GetMapping
    @PreAuthorize("hasAuthority('" + HvsPermissions.HOSTS_SEARCH + "')")
    @Operation(operationId = "searchHosts", summary = "Search hosts, oldest first; page with limit and afterId")
    public HostPage search(@RequestParam(required = false) String nameEqualTo,
                           @RequestParam(required = false) String nameContains,
                           @RequestParam(required = false) String hostId,
                           @RequestParam(required = false) String hardwareUuid,
                           @RequestParam(required = false) Boolean trusted,
                           @RequestParam(defaultValue = "100") int limit,
                           @RequestParam(required = false) UUID afterId) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw HvsError.INVALID_INPUT.exception("limit: 1.." + MAX_LIMIT);
        }
        HostFilter filter = new HostFilter(nameEqualTo, nameContains,
                hostId == null ? null : HostService.checkHostId(hostId),
                hardwareUuid == null ? null : HostService.checkHardwareUuid(hardwareUuid), trusted, limit, afterId);
        List<HostListing> page = hosts.search(filter);
        UUID next = page.size() == limit ? page.getLast().host().id() : null;
        return new HostPage(page.stream().map(h -> HostView.of(h, clock.instant())).toList(), next);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('" + HvsPermissions.HOSTS_RETRIEVE + "')")
    @Operation(operationId = "getHost", summary = "A host with its status")
    public HostView get(@PathVariable UUID id) {
        return HostView.of(hosts.get(id), clock.instant());
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + HvsPermissions.HOSTS_STORE + "')")
    @Operation(operationId = "updateHost", summary = "Change a host's name, description and flavor groups")
    public HostView update(@PathVariable UUID id, @RequestBody HostUpdate body) {
        return HostView.of(hosts.update(id, body.name(), body.description(), body.flavorGroupIds()), clock.instant());
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasAuthority('" + HvsPermissions.HOSTS_DELETE + "')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteHost", summary = "Remove a host with its reports (its agent's NATS credentials stay valid until they expire)")
    public void delete(@PathVariable UUID id) {
        hosts.delete(id);
    }
}
