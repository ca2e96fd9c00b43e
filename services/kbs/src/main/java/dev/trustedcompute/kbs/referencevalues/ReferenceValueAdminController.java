package dev.trustedcompute.kbs.referencevalues;

import dev.trustedcompute.kbs.admin.AdminEndpoint;
import dev.trustedcompute.kbs.protocol.KbsError;
import dev.trustedcompute.kbs.protocol.TrusteeApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /kbs/v0/reference-value}: a Trustee RVPS message ({@code {"version":"0.1.0","type":"sample",
 * "payload":...}}, as {@code kbs-client config set-sample-reference-value} sends it), forwarded to RVPS unchanged.
 * {@code GET /kbs/v0/reference-value/<name>} ({@code kbs-client config get-reference-value --id}): the unexpired
 * values of one reference value, as appraisals see them; the name may contain {@code /}.
 */
@RestController
@TrusteeApi
public class ReferenceValueAdminController {

    private final ObjectProvider<RvpsClient> rvps;
    private final ReferenceValueProvider referenceValues;

    public ReferenceValueAdminController(ObjectProvider<RvpsClient> rvps, ReferenceValueProvider referenceValues) {
        this.rvps = rvps;
        this.referenceValues = referenceValues;
    }

    @GetMapping(path = "/kbs/v0/reference-value/{*name}", produces = MediaType.APPLICATION_JSON_VALUE)
    @AdminEndpoint
    @PreAuthorize("hasAuthority('KBS:reference_values:retrieve')")
    @Operation(summary = "The unexpired values of one reference value (a JSON list); the name may contain '/'")
    @SecurityRequirement(name = "bearerAuth")
    public List<String> getReferenceValue(@PathVariable String name) {
        String id = name.startsWith("/") ? name.substring(1) : name;
        if (id.isEmpty()) {
            throw KbsError.INVALID_RESOURCE_PATH.exception("Request path reference-value is invalid: name the "
                    + "reference value, /kbs/v0/reference-value/<name>");
        }
        Map<String, List<String>> found;
        try {
            found = referenceValues.query(Set.of(id));
        } catch (ReferenceValuesUnavailableException e) {
            throw KbsError.RVPS_UNAVAILABLE.exception("Failed to get reference_values: " + e.getMessage(), e);
        }
        List<String> values = found.get(id);
        if (values == null) {
            throw KbsError.REFERENCE_VALUE_NOT_FOUND.exception("no unexpired reference value named " + id);
        }
        return values;
    }

    @PostMapping(path = "/kbs/v0/reference-value", consumes = MediaType.ALL_VALUE)
    @AdminEndpoint
    @PreAuthorize("hasAuthority('KBS:reference_values:create')")
    @Operation(summary = "Register reference values: forwards the RVPS message to RVPS")
    @SecurityRequirement(name = "bearerAuth")
    public ResponseEntity<Void> register(@RequestBody(required = false) byte[] message) {
        RvpsClient client = rvps.getIfAvailable();
        if (client == null) {
            throw KbsError.RVPS_UNAVAILABLE.exception("RVPS configuration failed: tc.kbs.rvps.url is not set");
        }
        if (message == null || message.length == 0) {
            throw KbsError.MALFORMED_REQUEST.exception("the reference value message is empty");
        }
        HttpResponse<String> response;
        try {
            response = client.register(new String(message, StandardCharsets.UTF_8));
        } catch (ReferenceValuesUnavailableException e) {
            throw KbsError.RVPS_UNAVAILABLE.exception("RVPS configuration failed: " + e.getMessage(), e);
        }
        if (response.statusCode() / 100 == 2) {
            return ResponseEntity.ok().build();
        }
        if (response.statusCode() / 100 == 4) {
            throw KbsError.RVPS_REJECTED.exception("RVPS refused the message with HTTP " + response.statusCode());
        }
        throw KbsError.RVPS_UNAVAILABLE.exception("RVPS failed with HTTP " + response.statusCode());
    }
}
