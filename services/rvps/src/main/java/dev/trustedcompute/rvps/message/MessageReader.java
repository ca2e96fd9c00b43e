package dev.trustedcompute.rvps.message;

import dev.trustedcompute.rvps.message.InvalidMessageException.Reason;
import dev.trustedcompute.rvps.signers.TrustedSigners;
import java.time.Instant;
import java.time.Period;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads a registration message as Trustee's {@code Rvps::verify_and_extract} does: check the version, pick the
 * extractor by type, extract. Then the rules that hold for every type: at least one and at most
 * {@link #MAX_VALUES_PER_MESSAGE} values, each name once.
 */
public final class MessageReader {

    public static final int MAX_VALUES_PER_MESSAGE = 1000;

    private final SampleExtractor sample;
    private final SignedBundleExtractor signedBundle;

    public MessageReader(Period sampleValidity, TrustedSigners signers) {
        this.sample = new SampleExtractor(sampleValidity);
        this.signedBundle = new SignedBundleExtractor(signers);
    }

    public Extraction read(RvpsMessage message, Instant now) throws InvalidMessageException {
        String version = message.version() == null ? RvpsMessage.VERSION : message.version();
        if (!version.equals(RvpsMessage.VERSION)) {
            throw unsupported("message version " + NamingRules.printable(version) + " is not supported (only " + RvpsMessage.VERSION + ")");
        }
        if (message.type() == null) {
            throw unsupported("the message has no type (sample or signed-bundle)");
        }
        MessageType type = MessageType.fromWireName(message.type()).orElseThrow(() ->
                unsupported("message type " + NamingRules.printable(message.type()) + " is not supported (sample or signed-bundle)"));
        if (message.payload() == null) {
            throw unsupported("the message has no payload");
        }
        Extraction extraction = switch (type) {
            case SAMPLE -> sample.extract(message.payload(), now);
            case SIGNED_BUNDLE -> signedBundle.extract(message.payload(), now);
        };
        return checked(extraction);
    }

    private static Extraction checked(Extraction extraction) throws InvalidMessageException {
        if (extraction.values().isEmpty()) {
            throw new InvalidMessageException(Reason.INVALID_REFERENCE_VALUE, "the message holds no reference values");
        }
        if (extraction.values().size() > MAX_VALUES_PER_MESSAGE) {
            throw new InvalidMessageException(Reason.INVALID_REFERENCE_VALUE,
                    "a message may hold at most " + MAX_VALUES_PER_MESSAGE + " reference values");
        }
        Set<String> seen = new HashSet<>();
        for (ExtractedValue value : extraction.values()) {
            if (!seen.add(value.name())) {
                throw new InvalidMessageException(Reason.INVALID_REFERENCE_VALUE, value.name() + ": named twice");
            }
        }
        return extraction;
    }

    private static InvalidMessageException unsupported(String detail) {
        return new InvalidMessageException(Reason.UNSUPPORTED_MESSAGE, detail);
    }
}
