package dev.trustedcompute.tpmquote.tpm;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the PCR output file of tpm2-tools ({@code tpm2_quote -o FILE}, {@code tpm2_pcrread -o FILE}) into
 * {@link PcrBank}s. The values are unverified: pass the bank to {@link AkPublic#verify} with the quote.
 *
 * <p>tpm2-tools has three formats ({@code -F/--pcrs_format}):
 * <ul>
 * <li>{@code serialized} (the default, and the only structured one in 5.4): a dump of the C structures in
 * host byte order (little-endian on x86/ARM):
 * <pre>
 * TPML_PCR_SELECTION  (132 bytes) u32 count; 16 x { u16 hash; u8 sizeofSelect; u8 pcrSelect[4]; u8 pad }
 * u32                 n           number of TPML_DIGEST that follow
 * TPML_DIGEST[n]      (532 bytes) u32 count; 8 x { u16 size; u8 buffer[64] }
 * </pre></li>
 * <li>{@code marshaled} (tpm2-tools 5.5+): the same three parts in TPM (big-endian, packed) marshalling.</li>
 * <li>{@code values}: the digests concatenated, nothing else; read with {@link #parseValues}.</li>
 * </ul>
 * In all formats the digests follow the selection: banks in order, PCRs ascending within a bank.
 */
public final class Tpm2ToolsPcrs {

    private static final int SERIALIZED_BANKS = 16;
    private static final int SERIALIZED_SELECT = 4;
    private static final int SERIALIZED_DIGESTS = 8;
    private static final int SERIALIZED_DIGEST_BUFFER = 64;
    /** Enough TPML_DIGESTs for 16 banks of 32 PCRs read 8 at a time. */
    private static final int MAX_DIGEST_LISTS = 64;

    private Tpm2ToolsPcrs() {
    }

    /** Parses the default {@code serialized} format written by tpm2-tools 5.x on a little-endian host. */
    public static List<PcrBank> parseSerialized(byte[] bytes) throws EvidenceFormatException {
        ByteReader in = ByteReader.littleEndian(bytes);
        int at = in.position();
        long count = in.u32("TPML_PCR_SELECTION.count");
        if (count > SERIALIZED_BANKS) {
            throw new EvidenceFormatException(at, "TPML_PCR_SELECTION.count", "count " + count + " exceeds 16");
        }
        List<PcrSelection> selections = new ArrayList<>();
        for (int i = 0; i < SERIALIZED_BANKS; i++) {
            int hashAt = in.position();
            int hash = in.u16("TPMS_PCR_SELECTION.hash");
            int sizeAt = in.position();
            int size = in.u8("TPMS_PCR_SELECTION.sizeofSelect");
            byte[] select = in.bytes(SERIALIZED_SELECT, "TPMS_PCR_SELECTION.pcrSelect");
            in.skip(1, "TPMS_PCR_SELECTION padding");
            if (i < count) {
                if (size > SERIALIZED_SELECT) {
                    throw new EvidenceFormatException(sizeAt, "TPMS_PCR_SELECTION.sizeofSelect", "size " + size + " exceeds 4");
                }
                selections.add(new PcrSelection(TpmHash.fromAlgId(hash, hashAt, "TPMS_PCR_SELECTION.hash"),
                        PcrSelection.fromBitmap(java.util.Arrays.copyOf(select, size))));
            }
        }
        at = in.position();
        long lists = in.u32("tpm2_pcrs.count");
        if (lists > MAX_DIGEST_LISTS) {
            throw new EvidenceFormatException(at, "tpm2_pcrs.count", "count " + lists + " exceeds " + MAX_DIGEST_LISTS);
        }
        List<byte[]> digests = new ArrayList<>();
        for (int l = 0; l < lists; l++) {
            int countAt = in.position();
            long n = in.u32("TPML_DIGEST.count");
            if (n > SERIALIZED_DIGESTS) {
                throw new EvidenceFormatException(countAt, "TPML_DIGEST.count", "count " + n + " exceeds 8");
            }
            for (int d = 0; d < SERIALIZED_DIGESTS; d++) {
                int sizeAt = in.position();
                int size = in.u16("TPM2B_DIGEST.size");
                byte[] buffer = in.bytes(SERIALIZED_DIGEST_BUFFER, "TPM2B_DIGEST.buffer");
                if (d < n) {
                    if (size > SERIALIZED_DIGEST_BUFFER) {
                        throw new EvidenceFormatException(sizeAt, "TPM2B_DIGEST.size", "size " + size + " exceeds 64");
                    }
                    digests.add(java.util.Arrays.copyOf(buffer, size));
                }
            }
        }
        in.expectEnd("tpm2-tools serialized PCR file");
        return assign(new PcrSelectionList(selections), digests, in.position());
    }

    /** Parses the {@code marshaled} format (tpm2-tools 5.5+): TPML_PCR_SELECTION, u32 n, TPML_DIGEST[n], big-endian. */
    public static List<PcrBank> parseMarshaled(byte[] bytes) throws EvidenceFormatException {
        ByteReader in = ByteReader.bigEndian(bytes);
        PcrSelectionList selection = PcrSelectionList.read(in);
        int at = in.position();
        long lists = in.u32("tpm2_pcrs.count");
        if (lists > MAX_DIGEST_LISTS) {
            throw new EvidenceFormatException(at, "tpm2_pcrs.count", "count " + lists + " exceeds " + MAX_DIGEST_LISTS);
        }
        List<byte[]> digests = new ArrayList<>();
        for (int l = 0; l < lists; l++) {
            int countAt = in.position();
            long n = in.u32("TPML_DIGEST.count");
            if (n > SERIALIZED_DIGESTS) {
                throw new EvidenceFormatException(countAt, "TPML_DIGEST.count", "count " + n + " exceeds 8");
            }
            for (int d = 0; d < n; d++) {
                digests.add(in.tpm2b("TPM2B_DIGEST", TpmsAttest.MAX_DIGEST));
            }
        }
        in.expectEnd("tpm2-tools marshaled PCR file");
        return assign(selection, digests, in.position());
    }

    /** Parses the {@code values} format: digests only, laid out per {@code selection} (e.g. the quote's). */
    public static List<PcrBank> parseValues(byte[] bytes, PcrSelectionList selection) throws EvidenceFormatException {
        ByteReader in = ByteReader.bigEndian(bytes);
        List<byte[]> digests = new ArrayList<>();
        for (PcrSelection s : selection.selections()) {
            for (int i = 0; i < s.pcrs().size(); i++) {
                digests.add(in.bytes(s.hash().digestLength(), "PCR value (" + s.hash().label() + ")"));
            }
        }
        in.expectEnd("tpm2-tools PCR values file");
        return assign(selection, digests, in.position());
    }

    private static List<PcrBank> assign(PcrSelectionList selection, List<byte[]> digests, int end)
            throws EvidenceFormatException {
        if (digests.size() != selection.size()) {
            throw new EvidenceFormatException(end, "PCR values", digests.size() + " digests for " + selection.size()
                    + " selected PCRs " + selection);
        }
        List<PcrBank> banks = new ArrayList<>();
        int next = 0;
        for (PcrSelection s : selection.selections()) {
            if (banks.stream().anyMatch(b -> b.hash() == s.hash())) {
                throw new EvidenceFormatException(end, "TPML_PCR_SELECTION", "bank " + s.hash() + " selected twice");
            }
            SortedMap<Integer, byte[]> values = new TreeMap<>();
            for (int index : s.pcrs()) {
                byte[] digest = digests.get(next++);
                if (digest.length != s.hash().digestLength()) {
                    throw new EvidenceFormatException(end, "TPM2B_DIGEST", "PCR " + index + " (" + s.hash().label()
                            + ") has " + digest.length + " bytes");
                }
                values.put(index, digest);
            }
            banks.add(new PcrBank(s.hash(), values));
        }
        return banks;
    }
}
