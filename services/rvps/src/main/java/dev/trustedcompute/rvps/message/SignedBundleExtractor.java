package dev.trustedcompute.rvps.message;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import dev.trustedcompute.rvps.message.InvalidMessageException.Reason;
import dev.trustedcompute.rvps.signers.TrustedSigner;
import dev.trustedcompute.rvps.signers.TrustedSigners;
import java.text.ParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A {@code signed-bundle}: the payload is a compact JWS whose {@code kid} names a configured signer and whose body
 * is the manifest
 * <pre>{@code
 * {"expiration": "2026-12-31T00:00:00Z",                 // the bundle is refused after this
 *  "referenceValues": [{"name": "...", "values": ["<hex digest>", ...], "expiration": "2027-06-30T00:00:00Z"}]}
 * }</pre>
 * Checked in this order, each with its own {@link Reason}: JWS syntax, signer known and (for a certificate) valid
 * now, signature over the received bytes with an algorithm that fits the key, manifest not expired, then the
 * values. Unknown manifest members are ignored; values must be strings.
 */
final class SignedBundleExtractor implements Extractor {

    private final TrustedSigners signers;
    private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

    SignedBundleExtractor(TrustedSigners signers) {
        this.signers = signers;
    }

    @Override
    public Extraction extract(String payload, Instant now) throws InvalidMessageException {
        JWSObject jws = parse(payload);
        TrustedSigner signer = signer(jws, now);
        verify(jws, signer);
        JsonNode manifest = PayloadJson.object(jws.getPayload().toBytes(), "the signed manifest");
        Instant manifestExpiration = instant(manifest.get("expiration"), "manifest expiration");
        if (!manifestExpiration.isAfter(now)) {
            throw new InvalidMessageException(Reason.MANIFEST_EXPIRED,
                    "the signed manifest expired at " + manifestExpiration);
        }
        JsonNode entries = manifest.get("referenceValues");
        if (entries == null || !entries.isArray()) {
            throw payload("the signed manifest needs a referenceValues list");
        }
        List<ExtractedValue> values = new ArrayList<>();
        for (JsonNode entry : entries) {
            values.add(value(entry, now));
        }
        return new Extraction(MessageType.SIGNED_BUNDLE, signer.id(), values);
    }

    private static JWSObject parse(String payload) throws InvalidMessageException {
        try {
            return JWSObject.parse(payload);
        } catch (ParseException e) {
            throw payload("the signed-bundle payload is not a compact JWS: " + e.getMessage());
        }
    }

    private TrustedSigner signer(JWSObject jws, Instant now) throws InvalidMessageException {
        String kid = jws.getHeader().getKeyID();
        if (kid == null) {
            throw new InvalidMessageException(Reason.UNTRUSTED_SIGNER, "the JWS header names no signer (kid)");
        }
        TrustedSigner signer = signers.find(kid).orElseThrow(() -> new InvalidMessageException(
                Reason.UNTRUSTED_SIGNER, "signer " + NamingRules.printable(kid) + " is not configured in tc.rvps.trusted-signers"));
        if (!signer.validAt(now)) {
            throw new InvalidMessageException(Reason.UNTRUSTED_SIGNER, "the certificate of signer '" + kid
                    + "' is not valid at " + now + " (valid " + signer.notBefore() + " to " + signer.notAfter() + ")");
        }
        return signer;
    }

    private void verify(JWSObject jws, TrustedSigner signer) throws InvalidMessageException {
        String alg = jws.getHeader().getAlgorithm().getName();
        boolean valid;
        try {
            JWSVerifier verifier = verifiers.createJWSVerifier(jws.getHeader(), signer.publicKey());
            valid = jws.verify(verifier);
        } catch (JOSEException e) {
            throw new InvalidMessageException(Reason.INVALID_SIGNATURE, "algorithm " + alg
                    + " cannot be verified with the key of signer '" + signer.id() + "'");
        }
        if (!valid) {
            throw new InvalidMessageException(Reason.INVALID_SIGNATURE,
                    "the " + alg + " signature does not verify with the key of signer '" + signer.id() + "'");
        }
    }

    private static ExtractedValue value(JsonNode entry, Instant now) throws InvalidMessageException {
        if (!entry.isObject() || !(entry.get("name") instanceof JsonNode name) || !name.isString()) {
            throw payload("each referenceValues entry needs a string name");
        }
        JsonNode list = entry.get("values");
        if (list == null || !list.isArray()) {
            throw payload(NamingRules.printable(name.stringValue()) + ": values must be a list of strings");
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode element : list) {
            if (!element.isString()) {
                throw payload(NamingRules.printable(name.stringValue()) + ": values must be a list of strings");
            }
            strings.add(element.stringValue());
        }
        return ExtractedValue.of(name.stringValue(), strings,
                instant(entry.get("expiration"), NamingRules.printable(name.stringValue()) + " expiration"), now);
    }

    private static Instant instant(JsonNode node, String what) throws InvalidMessageException {
        if (node == null || !node.isString()) {
            throw payload(what + " must be an ISO-8601 instant such as 2027-01-01T00:00:00Z");
        }
        try {
            return Instant.parse(node.stringValue());
        } catch (DateTimeParseException e) {
            throw payload(what + " must be an ISO-8601 instant such as 2027-01-01T00:00:00Z");
        }
    }

    private static InvalidMessageException payload(String detail) {
        return new InvalidMessageException(Reason.INVALID_PAYLOAD, detail);
    }
}
