package dev.trustedcompute.tpmquote.azure;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Json;
import dev.trustedcompute.tpmquote.JsonFields;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HCL runtime data ("variable data", {@code var-data}): a JSON document the HCL hashes into the hardware
 * report's REPORT_DATA. Parsed but <b>unverified</b> until {@link AzureVtpmVerifier} has matched its hash.
 * <pre>
 * {"keys":[{"kid":"HCLAkPub","key_ops":["sign"],"kty":"RSA","e":"AQAB","n":"..."},
 *          {"kid":"HCLEkPub","key_ops":["encrypt"],"kty":"RSA","e":"AQAB","n":"..."}],
 *  "vm-configuration":{"console-enabled":true,"secure-boot":true,"tpm-enabled":true,"vmUniqueId":"..."},
 *  "user-data":"&lt;128 hex digits&gt;"}
 * </pre>
 * {@code keys} with an {@code HCLAkPub} entry is required (the vTPM quote is checked with it); key ids are
 * unique. {@code user-data} (newer HCLs) is the 64 bytes the guest asked the HCL to include, written as hex
 * (Azure uses upper case). The exact bytes are kept: the hash is taken over them, never over a re-encoding.
 */
public final class RuntimeData {

    /** Key id of the vTPM attestation key. */
    public static final String AK_KEY_ID = "HCLAkPub";
    /** Key id of the vTPM endorsement key. */
    public static final String EK_KEY_ID = "HCLEkPub";
    /** Size of the user data the HCL takes from the guest. */
    public static final int USER_DATA_SIZE = 64;

    private final byte[] bytes;
    private final Map<String, RuntimeKey> keys;
    private final Optional<VmConfiguration> vmConfiguration;
    private final byte[] userData;

    private RuntimeData(byte[] bytes, Map<String, RuntimeKey> keys, Optional<VmConfiguration> vmConfiguration,
            byte[] userData) {
        this.bytes = bytes;
        this.keys = keys;
        this.vmConfiguration = vmConfiguration;
        this.userData = userData;
    }

    /** Parses the runtime-data JSON (UTF-8); offsets in errors are relative to its first byte. */
    public static RuntimeData parse(byte[] json) throws EvidenceFormatException {
        byte[] copy = json.clone();
        JsonFields root = new JsonFields(Json.parse(copy, "runtime data"), "runtime data");
        Map<String, RuntimeKey> keys = new LinkedHashMap<>();
        for (RuntimeKey key : RuntimeKey.parseAll(root.array("keys"), "runtime data.keys")) {
            if (keys.putIfAbsent(key.kid(), key) != null) {
                throw new EvidenceFormatException(root.value("keys").start(), "runtime data.keys",
                        "key id '" + key.kid() + "' appears twice");
            }
        }
        if (!keys.containsKey(AK_KEY_ID)) {
            throw new EvidenceFormatException(root.value("keys").start(), "runtime data.keys",
                    "no " + AK_KEY_ID + " (the vTPM attestation key) among " + keys.keySet());
        }
        Optional<VmConfiguration> vmConfiguration = root.has("vm-configuration")
                ? Optional.of(vmConfiguration(root.object("vm-configuration")))
                : Optional.empty();
        byte[] userData = null;
        if (root.has("user-data")) {
            long at = root.value("user-data").start();
            userData = JsonFields.decodeHex(root.string("user-data"), "runtime data.user-data", at);
            if (userData.length != USER_DATA_SIZE) {
                throw new EvidenceFormatException(at, "runtime data.user-data", "must be " + USER_DATA_SIZE
                        + " bytes, got " + userData.length);
            }
        }
        return new RuntimeData(copy, Map.copyOf(keys), vmConfiguration, userData);
    }

    private static VmConfiguration vmConfiguration(JsonFields c) throws EvidenceFormatException {
        return new VmConfiguration(c.optionalBoolean("secure-boot"), c.optionalBoolean("tpm-enabled"),
                c.optionalBoolean("tpm-persisted"), c.optionalBoolean("console-enabled"),
                c.optionalString("vmUniqueId"), c.optionalString("root-cert-thumbprint"),
                c.optionalLong("current-time"));
    }

    /** The runtime-data bytes as received (a copy): what the hardware report binds. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The vTPM attestation key ({@value #AK_KEY_ID}); always present after parsing. */
    public RuntimeKey attestationKey() {
        return keys.get(AK_KEY_ID);
    }

    /** The key with id {@code kid}, e.g. {@value #EK_KEY_ID}. */
    public Optional<RuntimeKey> key(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    /** Key ids in the runtime data. */
    public List<String> keyIds() {
        return keys.keySet().stream().sorted().toList();
    }

    public Optional<VmConfiguration> vmConfiguration() {
        return vmConfiguration;
    }

    /** The 64 bytes of {@code user-data}, when the HCL wrote that member. */
    public Optional<byte[]> userData() {
        return Optional.ofNullable(userData).map(byte[]::clone);
    }

    @Override
    public String toString() {
        return "RuntimeData[" + bytes.length + " bytes, keys " + keyIds()
                + userData().map(u -> ", user-data " + HexFormat.of().formatHex(u).toUpperCase(Locale.ROOT)).orElse("")
                + "]";
    }
}
