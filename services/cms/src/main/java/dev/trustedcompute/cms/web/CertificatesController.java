package dev.trustedcompute.cms.web;

import dev.trustedcompute.cms.authority.CertType;
import dev.trustedcompute.cms.authority.CertificateAuthority;
import dev.trustedcompute.cms.authority.IssuedCertificate;
import dev.trustedcompute.cms.authority.RevocationReason;
import dev.trustedcompute.cms.authority.SerialNumber;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** Issuing and revoking leaf certificates. Converts and delegates to {@link CertificateAuthority}. */
@RestController
@RequestMapping("/cms/v1/certificates")
@Tag(name = "Certificates")
public class CertificatesController {
    private final CertificateAuthority authority;
    private final CallerResolver callers;

    public CertificatesController(CertificateAuthority authority, CallerResolver callers) {
        this.authority = authority;
        this.callers = callers;
    }

    @PostMapping(consumes = {PemMediaTypes.PEM, MediaType.TEXT_PLAIN_VALUE}, produces = {PemMediaTypes.PEM, MediaType.TEXT_PLAIN_VALUE})
    @PreAuthorize("hasAuthority('CMS:certificates:create')")
    @Operation(summary = "Sign a CSR",
            description = "Body: one PEM PKCS#10 CSR. Keys: EC P-256/P-384/P-521 or RSA >= 3072. The token needs "
                    + "CMS:certificates:create with a selector matching the CSR: CN=<cn>;SAN=<san>,...;certType=<type> "
                    + "(or *). Returns the leaf followed by the issuing CA certificate (PEM).")
    @ApiResponse(responseCode = "200", description = "Leaf and issuing CA certificate",
            content = @Content(mediaType = PemMediaTypes.PEM, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "Not PEM, not a CSR, bad signature, weak key, bad names, unknown certType",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "401", description = "No valid token, or a reused bootstrap token",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "403", description = "No permission matching the CSR's names and type",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<String> sign(
            @Parameter(description = "TLS, TLS-Client or Signing", schema = @Schema(allowableValues = {"TLS", "TLS-Client", "Signing"}))
            @RequestParam String certType,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "PEM CSR",
                    content = @Content(mediaType = PemMediaTypes.PEM, schema = @Schema(type = "string")))
            @RequestBody(required = false) String csrPem,
            @AuthenticationPrincipal Jwt jwt) {
        CertType type = CertType.parse(certType);
        CertificateAuthority.IssuedChain chain = authority.sign(csrPem, type, callers.resolve(jwt));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(PemMediaTypes.PEM))
                .header("X-Certificate-Serial", chain.serial().hex())
                .body(chain.pemChain());
    }

    @PostMapping(value = "/{serial}/revoke", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('CMS:certificates:revoke')")
    @Operation(summary = "Revoke a certificate", description = "Needs CMS:certificates:revoke. The serial is hex as in the certificate.")
    @ApiResponse(responseCode = "200", description = "Revoked")
    @ApiResponse(responseCode = "400", description = "Malformed serial or unknown reason",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "No such certificate", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "Already revoked", content = @Content(mediaType = "application/problem+json"))
    public RevocationResponse revoke(@PathVariable String serial, @RequestBody(required = false) RevokeRequest request,
                                     @AuthenticationPrincipal Jwt jwt) {
        SerialNumber number = SerialNumber.parse(serial);
        RevocationReason reason = RevocationReason.parse(request == null ? null : request.reason());
        callers.resolve(jwt);
        IssuedCertificate.Revocation revocation = authority.revoke(number, reason);
        return new RevocationResponse(number.hex(), revocation.revokedAt(), revocation.reason().wireName());
    }

    /**
     * @param reason RFC 5280 CRLReason name: unspecified (default), keyCompromise, affiliationChanged,
     *               superseded, cessationOfOperation, privilegeWithdrawn
     */
    public record RevokeRequest(
            @Schema(allowableValues = {"unspecified", "keyCompromise", "affiliationChanged", "superseded", "cessationOfOperation", "privilegeWithdrawn"})
            String reason) {}

    /** The revocation as recorded. */
    public record RevocationResponse(String serial, Instant revokedAt, String reason) {}
}
