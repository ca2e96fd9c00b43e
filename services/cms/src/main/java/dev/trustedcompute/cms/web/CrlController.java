package dev.trustedcompute.cms.web;

import dev.trustedcompute.cms.authority.CertificateAuthority;
import dev.trustedcompute.cms.authority.Pem;
import dev.trustedcompute.cms.cas.CaName;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bouncycastle.cert.X509CRLHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Certificate revocation lists, public like the CA certificates. */
@RestController
@RequestMapping("/cms/v1")
@Tag(name = "CRL")
public class CrlController {
    private final CertificateAuthority authority;

    public CrlController(CertificateAuthority authority) {
        this.authority = authority;
    }

    @GetMapping(value = "/crl", produces = {PemMediaTypes.PKIX_CRL, PemMediaTypes.PEM})
    @SecurityRequirements
    @Operation(summary = "Get the current CRL of a CA",
            description = "No authentication. DER (application/pkix-crl) unless Accept asks for application/x-pem-file. "
                    + "Signed on request by the CA, with a new, larger CRL number each time.")
    @ApiResponse(responseCode = "200", description = "The CRL", content = {
            @Content(mediaType = PemMediaTypes.PKIX_CRL, schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = PemMediaTypes.PEM, schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "400", description = "Unknown issuingCa", content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<byte[]> crl(
            @Parameter(description = "TLS, TLS-Client, Signing or root", schema = @Schema(allowableValues = {"root", "TLS", "TLS-Client", "Signing"}))
            @RequestParam String issuingCa,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        CaName ca = CaName.parse(issuingCa);
        byte[] der;
        try {
            X509CRLHolder crl = authority.crl(ca);
            der = crl.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (wantsPem(accept)) {
            return ResponseEntity.ok().contentType(MediaType.parseMediaType(PemMediaTypes.PEM))
                    .body(Pem.encode("X509 CRL", der).getBytes(StandardCharsets.US_ASCII));
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(PemMediaTypes.PKIX_CRL)).body(der);
    }

    /** PEM only when asked for explicitly and not ranked below DER. */
    private static boolean wantsPem(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (RuntimeException e) {
            return false;
        }
        double pem = -1;
        double der = -1;
        for (MediaType t : types) {
            if (t.getType().equals("application") && t.getSubtype().equals("x-pem-file")) {
                pem = Math.max(pem, t.getQualityValue());
            } else if (t.getType().equals("application") && t.getSubtype().equals("pkix-crl")) {
                der = Math.max(der, t.getQualityValue());
            }
        }
        return pem > 0 && pem > der;
    }
}
