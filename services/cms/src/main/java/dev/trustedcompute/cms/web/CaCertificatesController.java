package dev.trustedcompute.cms.web;

import dev.trustedcompute.cms.authority.CertificateAuthority;
import dev.trustedcompute.cms.cas.CaName;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** CA certificates, public: clients need them to trust anything CMS issued. */
@RestController
@RequestMapping("/cms/v1")
@Tag(name = "CA certificates")
public class CaCertificatesController {
    private final CertificateAuthority authority;

    public CaCertificatesController(CertificateAuthority authority) {
        this.authority = authority;
    }

    @GetMapping(value = "/ca-certificates", produces = {PemMediaTypes.PEM, MediaType.TEXT_PLAIN_VALUE})
    @SecurityRequirements
    @Operation(summary = "Get a CA certificate (PEM)", description = "No authentication. Default: the root CA.")
    @ApiResponse(responseCode = "200", description = "The CA certificate",
            content = @Content(mediaType = PemMediaTypes.PEM, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "Unknown issuingCa",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<String> caCertificate(
            @Parameter(description = "root, TLS, TLS-Client or Signing", schema = @Schema(allowableValues = {"root", "TLS", "TLS-Client", "Signing"}))
            @RequestParam(defaultValue = "root") String issuingCa) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(PemMediaTypes.PEM))
                .body(authority.caCertificatePem(CaName.parse(issuingCa)));
    }
}
