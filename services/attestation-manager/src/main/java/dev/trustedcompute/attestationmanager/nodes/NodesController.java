package dev.trustedcompute.attestationmanager.nodes;

import dev.trustedcompute.attestationmanager.error.AmError;
import dev.trustedcompute.servicekit.error.ServiceException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Node status and history, read-only. */
@RestController
@RequestMapping(value = "/am/v1/nodes", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Nodes")
public class NodesController {
    private static final int MAX_LIMIT = 1000;

    private final NodeRepository nodes;

    public NodesController(NodeRepository nodes) {
        this.nodes = nodes;
    }

    @GetMapping
    @PreAuthorize("hasAuthority('AM:nodes:search')")
    @Operation(summary = "List nodes with their status", description = "Needs AM:nodes:search. Ordered by host id; "
            + "pass the last host id of a page as 'after' for the next one.")
    @ApiResponse(responseCode = "200", description = "Nodes")
    @ApiResponse(responseCode = "400", description = "Unknown status or bad limit", content = @Content(mediaType = "application/problem+json"))
    public NodeList list(
            @Parameter(description = "PENDING, VERIFIED, ATTESTATION_FAILED or SECURE_BOOT_DISABLED") @RequestParam(required = false) String status,
            @Parameter(description = "host id to continue after") @RequestParam(required = false) String after,
            @Parameter(description = "1..1000, default 100") @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ServiceException(AmError.INVALID_PARAMETER, "limit must be 1.." + MAX_LIMIT);
        }
        List<NodeView> page = nodes.list(status(status), after, limit).stream().map(NodeView::of).toList();
        return new NodeList(page, page.size() == limit ? page.getLast().hostId() : null);
    }

    @GetMapping("/{hostId}")
    @PreAuthorize("hasAuthority('AM:nodes:retrieve')")
    @Operation(summary = "One node's status, reason and faults", description = "Needs AM:nodes:retrieve.")
    @ApiResponse(responseCode = "200", description = "The node")
    @ApiResponse(responseCode = "400", description = "Malformed host id", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "Unknown node", content = @Content(mediaType = "application/problem+json"))
    public NodeView get(@PathVariable String hostId) {
        return NodeView.of(nodes.find(HostIds.parse(hostId))
                .orElseThrow(() -> new ServiceException(AmError.UNKNOWN_NODE, "no node " + hostId)));
    }

    @GetMapping("/{hostId}/history")
    @PreAuthorize("hasAuthority('AM:node_history:search')")
    @Operation(summary = "A node's status history, newest first",
            description = "Needs AM:node_history:search. One entry per change of status, reason or cordon, and per onboarding.")
    @ApiResponse(responseCode = "200", description = "History entries")
    @ApiResponse(responseCode = "400", description = "Malformed host id or bad limit", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "Unknown node", content = @Content(mediaType = "application/problem+json"))
    public List<HistoryEntry> history(@PathVariable String hostId,
                                      @Parameter(description = "1..1000, default 100") @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ServiceException(AmError.INVALID_PARAMETER, "limit must be 1.." + MAX_LIMIT);
        }
        var host = HostIds.parse(hostId);
        if (nodes.find(host).isEmpty()) {
            throw new ServiceException(AmError.UNKNOWN_NODE, "no node " + hostId);
        }
        return nodes.history(host, limit);
    }

    private static NodeStatus status(String value) {
        if (value == null) {
            return null;
        }
        try {
            return NodeStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new ServiceException(AmError.INVALID_PARAMETER, "status must be one of " + List.of(NodeStatus.values()));
        }
    }

    /** @param next pass as {@code after} for the next page; null on the last page */
    public record NodeList(List<NodeView> nodes, String next) {
    }
}
