package dev.trustedcompute.rvps.referencevalues;

import dev.trustedcompute.rvps.message.RvpsMessage;
import dev.trustedcompute.rvps.referencevalues.ReferenceValueDtos.Query;
import dev.trustedcompute.rvps.referencevalues.ReferenceValueDtos.ReferenceValuePage;
import dev.trustedcompute.rvps.referencevalues.ReferenceValueDtos.ReferenceValueView;
import dev.trustedcompute.rvps.referencevalues.ReferenceValueDtos.RegisteredValue;
import dev.trustedcompute.rvps.referencevalues.ReferenceValueDtos.Registration;
import dev.trustedcompute.servicekit.security.TokenClaims;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reference value API (a fixed contract: KBS codes against it). Names holding {@code /} or {@code %} are
 * percent-encoded as one path segment ({@code %2F}, {@code %25}).
 */
@RestController
@RequestMapping(path = "/rvps/v1/reference-values", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "reference-values", description = "Reference values for appraisal: register, list, get, query, delete")
public class ReferenceValuesController {

    private static final String PROBLEM = "application/problem+json";

    private final ReferenceValueService service;

    public ReferenceValuesController(ReferenceValueService service) {
        this.service = service;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('" + RvpsAuthorities.CREATE + "')")
    @Operation(summary = "Register reference values from a Trustee message (sample) or a signed bundle",
            description = "Registering an existing name replaces its values, expiration and provenance. "
                    + "All values of a message are stored, or none.")
    @ApiResponse(responseCode = "201", description = "Registered, by name")
    @ApiResponse(responseCode = "400", description = "Malformed JSON; unsupported version or type (unsupported-message); "
            + "undecodable payload or manifest (invalid-payload); bad name, value or expiration (invalid-reference-value); "
            + "unknown signer (untrusted-signer); bad signature (invalid-signature); expired manifest (manifest-expired)",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "403", description = "Token lacks RVPS:reference_values:create", content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "413", description = "Body over tc.web.max-body-size", content = @Content(mediaType = PROBLEM))
    public Registration register(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            examples = @ExampleObject(name = "sample", value = "{\"version\":\"0.1.0\",\"type\":\"sample\","
                    + "\"payload\":\"eyJzdm4iOlsiMSJdfQ==\"}"))) @RequestBody RvpsMessage message,
                                 @AuthenticationPrincipal Jwt jwt) {
        List<ReferenceValue> registered = service.register(message, TokenClaims.from(jwt).subject());
        return new Registration(registered.stream().map(RegisteredValue::of).toList());
    }

    @GetMapping
    @PreAuthorize("hasAuthority('" + RvpsAuthorities.SEARCH + "')")
    @Operation(summary = "List unexpired reference values by name, a page at a time")
    @ApiResponse(responseCode = "200", description = "A page; next is null on the last one")
    @ApiResponse(responseCode = "400", description = "limit out of range, control characters in a filter", content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "403", description = "Token lacks RVPS:reference_values:search", content = @Content(mediaType = PROBLEM))
    public ReferenceValuePage list(
            @Parameter(description = "only names starting with this") @RequestParam(required = false) String namePrefix,
            @Parameter(description = "page size (default 100, at most 1000 unless configured)")
            @RequestParam(required = false) Integer limit,
            @Parameter(description = "start after this name (the previous page's next)")
            @RequestParam(required = false) String afterName) {
        ReferenceValueService.Page page = service.list(namePrefix, afterName, limit);
        return new ReferenceValuePage(page.values().stream().map(ReferenceValueView::of).toList(), page.next());
    }

    @GetMapping("/{name}")
    @PreAuthorize("hasAuthority('" + RvpsAuthorities.RETRIEVE + "')")
    @Operation(summary = "Get one reference value with its provenance (404 when absent or expired)")
    @ApiResponse(responseCode = "200", description = "The value")
    @ApiResponse(responseCode = "400", description = "Control characters in the name", content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "403", description = "Token lacks RVPS:reference_values:retrieve", content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "404", description = "Absent or expired", content = @Content(mediaType = PROBLEM))
    public ReferenceValueView get(@Parameter(description = "the name, percent-encoded as one segment") @PathVariable String name) {
        return ReferenceValueView.of(service.get(name));
    }

    @PostMapping(path = "/query", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + RvpsAuthorities.QUERY + "')")
    @Operation(summary = "Values for appraisal: name -> values, unexpired only, unknown names left out",
            description = "Trustee's query result shape. Without names (or with an empty list): every unexpired value.")
    @ApiResponse(responseCode = "200", description = "name -> values, e.g. {\"svn\":[\"1\"],\"launch_digest\":[\"abcde\"]}")
    @ApiResponse(responseCode = "400", description = "Malformed JSON, null or control characters in names", content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "403", description = "Token lacks RVPS:reference_values:query", content = @Content(mediaType = PROBLEM))
    public Map<String, List<String>> query(@RequestBody(required = false) Query query) {
        return service.query(query == null ? null : query.names());
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAuthority('" + RvpsAuthorities.DELETE + "')")
    @Operation(summary = "Delete a reference value (expired or not); 404 when absent")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", description = "Control characters in the name", content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "403", description = "Token lacks RVPS:reference_values:delete", content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "404", description = "Absent", content = @Content(mediaType = PROBLEM))
    public void delete(@Parameter(description = "the name, percent-encoded as one segment") @PathVariable String name) {
        service.delete(name);
    }
}
