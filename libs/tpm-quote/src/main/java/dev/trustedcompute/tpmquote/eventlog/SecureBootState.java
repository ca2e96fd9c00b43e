package dev.trustedcompute.tpmquote.eventlog;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * UEFI Secure Boot state read from the verified PCR7 events (TCG PC Client PFP 3.3.4.8 and 10.4.4), in the manner
 * of go-attestation's {@code ParseSecurebootState}. {@link #from(VerifiedEvents)} checks, in order:
 * <ol>
 *   <li>PCR7 was verified by the replay;</li>
 *   <li>PCR7 holds only EV_EFI_VARIABLE_DRIVER_CONFIG, EV_EFI_VARIABLE_AUTHORITY, EV_SEPARATOR and EV_EFI_ACTION
 *       events, and no EV_EFI_ACTION "UEFI Debug Mode";</li>
 *   <li>every such event's data hashes to its digest in every bank (the data, not only the digest, is what this
 *       state is read from) - otherwise {@code EVENT_DIGEST_MISMATCH} naming the event;</li>
 *   <li>exactly one separator, with value 0;</li>
 *   <li>SecureBoot, PK, KEK, db, dbx (and dbt, dbr) each appear at most once and before the separator -
 *       otherwise {@code EVENT_AFTER_SEPARATOR} / {@code SECURE_BOOT_STATE_INVALID};</li>
 *   <li>the SecureBoot variable is present, empty or one byte 0/1; when it is 1, PK, KEK and db are present.</li>
 * </ol>
 */
public final class SecureBootState {

    private static final Set<String> GLOBAL_CONFIG = Set.of("SecureBoot", "PK", "KEK");
    private static final Set<String> DATABASES = Set.of("db", "dbx", "dbt", "dbr");

    /**
     * An EV_EFI_VARIABLE_AUTHORITY event: the db entry (or shim's MokList / vendor certificate) that verified a
     * loaded image.
     *
     * @param event the verified event
     * @param variableName e.g. "db", "Shim", "MokList"
     * @param vendorGuid the variable's vendor GUID
     * @param owner the EFI_SIGNATURE_DATA owner when the data is one
     * @param certificate the certificate, when the data holds one
     * @param data the raw variable data
     * @param afterSeparator whether it came after the PCR7 separator (images loaded by the OS loader)
     * @param digestOmitsLastByte the event digest is the hash of the event data without its last byte, not of the
     *     whole UEFI_VARIABLE_DATA as PFP 10.4.4 asks: shim's off-by-one when it measures its vendor certificate
     *     (it sizes the structure with the one-element arrays of its C declaration)
     */
    public record Authority(TcgEvent event, String variableName, EfiGuid vendorGuid, Optional<EfiGuid> owner,
                            Optional<X509Certificate> certificate, byte[] data, boolean afterSeparator,
                            boolean digestOmitsLastByte) {
        public Authority {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    private final boolean enabled;
    private final byte[] secureBootVariable;
    private final Map<String, SignatureDatabase> databases;
    private final List<Authority> authorities;
    private final List<EventData.UefiVariable> otherVariables;

    private SecureBootState(boolean enabled, byte[] secureBootVariable, Map<String, SignatureDatabase> databases,
                            List<Authority> authorities, List<EventData.UefiVariable> otherVariables) {
        this.enabled = enabled;
        this.secureBootVariable = secureBootVariable.clone();
        this.databases = Map.copyOf(databases);
        this.authorities = List.copyOf(authorities);
        this.otherVariables = List.copyOf(otherVariables);
    }

    public static SecureBootState from(VerifiedEvents verified) throws VerificationException {
        if (!verified.isVerified(7)) {
            throw invalid("PCR7 was not verified by the event log replay (quoted: " + verified.verifiedPcrs() + ")");
        }
        byte[] secureBoot = null;
        Map<String, SignatureDatabase> dbs = new LinkedHashMap<>();
        List<Authority> authorities = new ArrayList<>();
        List<EventData.UefiVariable> others = new ArrayList<>();
        TcgEvent separator = null;
        for (TcgEvent e : verified.events(7)) {
            EventData data = e.decode();
            boolean omitsLastByte = checkDigests(e);
            if (data instanceof EventData.Malformed m) {
                throw invalid(e.describe() + " has malformed data: " + m.problem());
            }
            switch (data) {
                case EventData.Separator s -> {
                    if (separator != null) {
                        throw invalid(e.describe() + " is a second separator (first: event " + separator.sequence()
                                + ")");
                    }
                    if (s.isError()) {
                        throw invalid(e.describe() + " signals a firmware error (value " + s.value() + ")");
                    }
                    separator = e;
                }
                case EventData.UefiVariable v when e.type().equals(EventType.EV_EFI_VARIABLE_DRIVER_CONFIG) -> {
                    if (v.trailing().length > 0) {
                        throw invalid(e.describe() + " has " + v.trailing().length + " bytes after the data of "
                                + v.name());
                    }
                    boolean config = isConfig(v);
                    if (!config) {
                        others.add(v);
                        continue;
                    }
                    if (separator != null) {
                        throw new VerificationException(Reason.EVENT_AFTER_SEPARATOR, e.describe() + " measures "
                                + "Secure Boot variable " + v.name() + " after the PCR7 separator (event "
                                + separator.sequence() + ")");
                    }
                    if (v.name().equals("SecureBoot")) {
                        if (secureBoot != null) {
                            throw invalid(e.describe() + " measures SecureBoot a second time");
                        }
                        secureBoot = v.variableData();
                    } else {
                        if (dbs.containsKey(v.name())) {
                            throw invalid(e.describe() + " measures " + v.name() + " a second time");
                        }
                        try {
                            dbs.put(v.name(), SignatureDatabase.parse(v.name(), v.variableData()));
                        } catch (EvidenceFormatException ex) {
                            throw invalid(e.describe() + ": " + v.name() + " is not a signature list: "
                                    + ex.getMessage());
                        }
                    }
                }
                case EventData.UefiVariable v when e.type().equals(EventType.EV_EFI_VARIABLE_AUTHORITY) ->
                        authorities.add(authority(e, v, separator != null, omitsLastByte));
                case EventData.EfiAction a -> {
                    if (a.text().equals("UEFI Debug Mode")) {
                        throw invalid(e.describe() + ": the UEFI debugger was enabled");
                    }
                }
                default -> throw invalid(e.describe() + " is not an event type allowed in PCR7");
            }
        }
        if (separator == null) {
            throw invalid("PCR7 has no separator event");
        }
        if (secureBoot == null) {
            throw invalid("PCR7 has no SecureBoot variable event");
        }
        if (secureBoot.length > 1 || (secureBoot.length == 1 && secureBoot[0] != 0 && secureBoot[0] != 1)) {
            throw invalid("SecureBoot variable holds " + HexFormat.of().formatHex(secureBoot) + ", expected 00 or 01");
        }
        boolean enabled = secureBoot.length == 1 && secureBoot[0] == 1;
        if (enabled) {
            for (String required : List.of("PK", "KEK", "db")) {
                if (!dbs.containsKey(required)) {
                    throw invalid("Secure Boot is enabled but " + required + " was not measured");
                }
            }
        }
        return new SecureBootState(enabled, secureBoot, dbs, authorities, others);
    }

    private static boolean isConfig(EventData.UefiVariable v) {
        return (v.vendorGuid().equals(EfiGuid.EFI_GLOBAL_VARIABLE) && GLOBAL_CONFIG.contains(v.name()))
                || (v.vendorGuid().equals(EfiGuid.EFI_IMAGE_SECURITY_DATABASE) && DATABASES.contains(v.name()));
    }

    private static Authority authority(TcgEvent e, EventData.UefiVariable v, boolean afterSeparator,
                                       boolean omitsLastByte) {
        byte[] d = v.variableData();
        Optional<EfiGuid> owner = Optional.empty();
        Optional<X509Certificate> cert = Optional.empty();
        // db authorities are an EFI_SIGNATURE_DATA (owner GUID + DER); shim logs the bare DER certificate
        if (d.length > 2 && d[0] == 0x30) {
            cert = certificate(d);
        } else if (d.length > 18 && d[16] == 0x30) {
            try {
                owner = Optional.of(EfiGuid.read(dev.trustedcompute.tpmquote.ByteReader.littleEndian(d), "owner"));
            } catch (EvidenceFormatException ex) {
                throw new IllegalStateException("length was checked", ex);
            }
            cert = certificate(Arrays.copyOfRange(d, 16, d.length));
        }
        return new Authority(e, v.name(), v.vendorGuid(), owner, cert, d, afterSeparator, omitsLastByte);
    }

    private static Optional<X509Certificate> certificate(byte[] der) {
        try {
            return Optional.of(EfiSignatureList.parseCertificate(der));
        } catch (EvidenceFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks that every digest of the event is the hash of its data. For EV_EFI_VARIABLE_AUTHORITY, shim's digest
     * over the data without its last byte is accepted too; returns true when that is what matched (all banks).
     */
    private static boolean checkDigests(TcgEvent e) throws VerificationException {
        boolean omitsLastByte = false;
        byte[] data = e.data();
        for (EventDigest d : e.digests()) {
            if (!d.algorithm().isKnown()) {
                continue;
            }
            byte[] want = d.algorithm().hash(data);
            if (Arrays.equals(want, d.value())) {
                continue;
            }
            if (e.type().equals(EventType.EV_EFI_VARIABLE_AUTHORITY) && data.length > 0
                    && Arrays.equals(d.algorithm().hash(Arrays.copyOf(data, data.length - 1)), d.value())) {
                omitsLastByte = true;
                continue;
            }
            throw new VerificationException(Reason.EVENT_DIGEST_MISMATCH, e.describe() + ": " + d.algorithm()
                    + " digest " + d.hex() + " is not the hash of the event data ("
                    + HexFormat.of().formatHex(want) + ")");
        }
        return omitsLastByte;
    }

    private static VerificationException invalid(String detail) {
        return new VerificationException(Reason.SECURE_BOOT_STATE_INVALID, detail);
    }

    /** Whether the SecureBoot variable was measured as 01. */
    public boolean enabled() {
        return enabled;
    }

    /** The measured SecureBoot variable data: 00, 01 or empty (some firmware logs it without data). */
    public byte[] secureBootVariable() {
        return secureBootVariable.clone();
    }

    public Optional<SignatureDatabase> pk() {
        return database("PK");
    }

    public Optional<SignatureDatabase> kek() {
        return database("KEK");
    }

    public Optional<SignatureDatabase> db() {
        return database("db");
    }

    public Optional<SignatureDatabase> dbx() {
        return database("dbx");
    }

    /** PK, KEK, db, dbx, dbt or dbr by name. */
    public Optional<SignatureDatabase> database(String name) {
        return Optional.ofNullable(databases.get(name));
    }

    /** EV_EFI_VARIABLE_AUTHORITY events: which keys verified the images that were loaded, in log order. */
    public List<Authority> authorities() {
        return authorities;
    }

    /** Other PCR7 EV_EFI_VARIABLE_DRIVER_CONFIG variables, e.g. shim's SbatLevel or MokListTrusted. */
    public List<EventData.UefiVariable> otherVariables() {
        return otherVariables;
    }

    @Override
    public String toString() {
        return "SecureBootState[enabled=" + enabled + ", " + databases.keySet() + ", " + authorities.size()
                + " authorities]";
    }
}
