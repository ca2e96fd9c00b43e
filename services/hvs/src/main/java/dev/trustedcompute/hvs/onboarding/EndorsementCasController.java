package dev.trustedcompute.hvs.onboarding;

import dev.trustedcompute.hvs.HvsPermissions;
import dev.trustedcompute.servicekit.identity.Pem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The TPM endorsement CAs EK certificates must chain to. */
@RestController
@RequestMapping(path = "/hvs/v2/endorsement-cas", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "endorsement CAs", description = "TPM vendor CAs (roots and intermediates) trusted for EK certificates")
public class EndorsementCasController {

    private final EndorsementCaService cas;

    public EndorsementCasController(EndorsementCaService cas) {
        this.cas = cas;
    }

    @Schema(name = "EndorsementCaCreate")
    public record EndorsementCaCreate(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "PEM, or base64 DER, of one CA certificate")
            String certificate,
            String comment) {
    }

    @Schema(name = "EndorsementCa")
    public record EndorsementCaView(UUID id, String subject, String issuer, boolean selfSigned, Instant notAfter,
                                    @Schema(description = "SHA-256 of the DER, hex") String sha256, String comment,
                                    Instant createdAt, @Schema(description = "PEM") String certificate) {
        static EndorsementCaView of(EndorsementCa ca) {
            try {
                return new EndorsementCaView(ca.id(), ca.certificate().getSubjectX500Principal().getName(),
                        ca.certificate().getIssuerX500Principal().getName(), ca.selfSigned(),
                        ca.certificate().getNotAfter().toInstant(), ca.sha256(), ca.comment(), ca.createdAt(),
                        Pem.encode("CERTIFICATE", ca.certificate().getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('" + HvsPermissions.ENDORSEMENT_CAS_CREATE + "')")
    @Operation(operationId = "addEndorsementCa", summary = "Trust a TPM vendor CA for EK certificates")
    public ResponseEntity<EndorsementCaView> add(@RequestBody EndorsementCaCreate body, Authentication caller) {
        EndorsementCa ca = cas.add(body.certificate(), body.comment(), caller.getName());
        return ResponseEntity.created(URI.create("/hvs/v2/endorsement-cas/" + ca.id())).body(EndorsementCaView.of(ca));
    }

    @GetMapping
    @PreAuthorize("hasAuthority('" + HvsPermissions.ENDORSEMENT_CAS_SEARCH + "')")
    @Operation(operationId = "listEndorsementCas", summary = "All endorsement CAs")
    public List<EndorsementCaView> all() {
        return cas.all().stream().map(EndorsementCaView::of).toList();
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('" + HvsPermissions.ENDORSEMENT_CAS_RETRIEVE + "')")
    @Operation(operationId = "getEndorsementCa", summary = "One endorsement CA")
    public EndorsementCaView get(@PathVariable UUID id) {
        return EndorsementCaView.of(cas.get(id));
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasAuthority('" + HvsPermissions.ENDORSEMENT_CAS_DELETE + "')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteEndorsementCa", summary = "Stop trusting an endorsement CA (pinned AKs stay pinned)")
    public void delete(@PathVariable UUID id, Authentication caller) {
        cas.delete(id, caller.getName());
    }
}
