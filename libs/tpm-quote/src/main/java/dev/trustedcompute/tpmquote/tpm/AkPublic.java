package dev.trustedcompute.tpmquote.tpm;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * An attestation key's public part, and the quote verifier (contract modelled on go-attestation's
 * {@code AKPublic.Verify}). Build it from the TPMT_PUBLIC the TPM returned ({@link #parse}) or, when only
 * that is available, from a SubjectPublicKeyInfo ({@link #fromSubjectPublicKeyInfo}, {@link #fromPem});
 * the latter cannot check the key's TPM attributes or scheme.
 *
 * <p>Whether this AK is trustworthy (activated against an EK, pinned to a host) is the caller's decision;
 * this class only proves that a quote was signed by it.
 */
public final class AkPublic {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final PublicKey publicKey;
    private final TpmtPublic tpmtPublic;

    private AkPublic(PublicKey publicKey, TpmtPublic tpmtPublic) {
        this.publicKey = publicKey;
        this.tpmtPublic = tpmtPublic;
    }

    /** From a marshalled TPMT_PUBLIC (e.g. go-attestation/go-tpm-tools {@code ak_pub}). */
    public static AkPublic parse(byte[] tpmtPublic) throws EvidenceFormatException {
        TpmtPublic pub = TpmtPublic.parse(tpmtPublic);
        return new AkPublic(pub.publicKey(), pub);
    }

    /** From an already parsed TPMT_PUBLIC. */
    public static AkPublic of(TpmtPublic tpmtPublic) {
        return new AkPublic(tpmtPublic.publicKey(), tpmtPublic);
    }

    /** From a DER SubjectPublicKeyInfo (RSA or EC), as in Trustee's TPM evidence {@code ak_public}. */
    public static AkPublic fromSubjectPublicKeyInfo(byte[] der) throws EvidenceFormatException {
        for (String alg : List.of("RSA", "EC")) {
            try {
                PublicKey key = KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
                return new AkPublic(key, null);
            } catch (InvalidKeySpecException | RuntimeException e) {
                // try the next algorithm; a RuntimeException here is the JDK's reaction to garbage DER
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new EvidenceFormatException("SubjectPublicKeyInfo", "not an RSA or EC public key");
    }

    /** From a PEM {@code PUBLIC KEY} block. */
    public static AkPublic fromPem(String pem) throws EvidenceFormatException {
        String begin = "-----BEGIN PUBLIC KEY-----";
        String end = "-----END PUBLIC KEY-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new EvidenceFormatException("PEM", "no PUBLIC KEY block");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e)
                    .getBytes(StandardCharsets.US_ASCII));
            return fromSubjectPublicKeyInfo(der);
        } catch (IllegalArgumentException ex) {
            throw new EvidenceFormatException("PEM", "bad base64: " + ex.getMessage());
        }
    }

    /** The AK as a JCA key. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** The TPMT_PUBLIC when the AK was built from one; empty for an SPKI-only AK. */
    public Optional<TpmtPublic> tpmtPublic() {
        return Optional.ofNullable(tpmtPublic);
    }

    /**
     * Verifies a TPM2_Quote over one bank and returns the PCR values it proves; see
     * {@link #verify(TpmsAttest, TpmtSignature, List, byte[])}.
     */
    public QuotedPcrs verify(TpmsAttest quote, TpmtSignature signature, PcrBank pcrs, byte[] expectedNonce)
            throws VerificationException {
        return verify(quote, signature, List.of(pcrs), expectedNonce);
    }

    /**
     * Verifies a TPM2_Quote and returns the PCR values it proves. Checks, in this order, each failure a
     * {@link VerificationException}:
     * <ol>
     * <li>the key is usable for quotes (restricted signing key, scheme matches the key) - {@code KEY_MISMATCH};</li>
     * <li>the signature over {@link TpmsAttest#attestBytes()} - {@code SIGNATURE_INVALID};</li>
     * <li>magic TPM_GENERATED_VALUE - {@code WRONG_MAGIC}; type TPM_ST_ATTEST_QUOTE - {@code WRONG_ATTEST_TYPE};</li>
     * <li>extraData equals {@code expectedNonce} - {@code NONCE_MISMATCH};</li>
     * <li>the quote selects exactly the banks and PCRs in {@code pcrs}, both ways - {@code PCR_SELECTION_MISMATCH};</li>
     * <li>pcrDigest = H_sig(the values of every selected bank, banks in selection order, PCRs ascending; TPM 2.0
     *     Part 3 TPM2_Quote) - {@code PCR_DIGEST_MISMATCH}.</li>
     * </ol>
     *
     * @param pcrs          the claimed values, one {@link PcrBank} per selected bank (any order)
     * @param expectedNonce the nonce the verifier issued; an empty array means the quote must carry no extraData
     */
    public QuotedPcrs verify(TpmsAttest quote, TpmtSignature signature, List<PcrBank> pcrs, byte[] expectedNonce)
            throws VerificationException {
        verifySignature(quote, signature);
        if (quote.magic() != TpmsAttest.TPM_GENERATED_VALUE) {
            throw new VerificationException(Reason.WRONG_MAGIC, String.format(
                    "TPMS_ATTEST.magic is 0x%08x, expected 0x%08x", quote.magic(), TpmsAttest.TPM_GENERATED_VALUE));
        }
        if (!(quote.attested() instanceof Attested.QuoteInfo info) || quote.type() != TpmsAttest.ST_ATTEST_QUOTE) {
            throw new VerificationException(Reason.WRONG_ATTEST_TYPE, String.format(
                    "TPMS_ATTEST.type is 0x%04x, expected TPM_ST_ATTEST_QUOTE 0x8018", quote.type()));
        }
        if (!MessageDigest.isEqual(quote.extraData(), expectedNonce)) {
            throw new VerificationException(Reason.NONCE_MISMATCH, "quote extraData is "
                    + hex(quote.extraData()) + ", expected nonce " + hex(expectedNonce));
        }
        Map<TpmHash, SortedMap<Integer, byte[]>> quoted = checkSelection(info.pcrSelect(), pcrs);
        MessageDigest md = signature.hash().newDigest();
        quoted.values().forEach(bank -> bank.values().forEach(md::update));
        byte[] computed = md.digest();
        if (!MessageDigest.isEqual(computed, info.pcrDigest())) {
            throw new VerificationException(Reason.PCR_DIGEST_MISMATCH, "quote pcrDigest is " + hex(info.pcrDigest())
                    + " but " + signature.hash() + " over the supplied PCRs " + info.pcrSelect() + " is " + hex(computed));
        }
        return new QuotedPcrs(quoted, quote);
    }

    /**
     * Selection both ways: every selected bank and PCR supplied, every supplied bank and PCR selected. Returns the
     * supplied values in hashing order (banks in selection order, PCRs ascending).
     */
    private static Map<TpmHash, SortedMap<Integer, byte[]>> checkSelection(PcrSelectionList selection,
            List<PcrBank> pcrs) throws VerificationException {
        Map<TpmHash, PcrBank> supplied = new LinkedHashMap<>();
        for (PcrBank bank : pcrs) {
            if (supplied.put(bank.hash(), bank) != null) {
                throw new VerificationException(Reason.PCR_SELECTION_MISMATCH, "PCRs supplied twice for bank "
                        + bank.hash().label());
            }
        }
        Map<TpmHash, SortedMap<Integer, byte[]>> ordered = new LinkedHashMap<>();
        for (PcrSelection quoted : selection.selections()) {
            if (quoted.pcrs().isEmpty()) {
                continue;
            }
            PcrBank bank = supplied.get(quoted.hash());
            if (bank == null) {
                throw new VerificationException(Reason.PCR_SELECTION_MISMATCH, "quote selects " + selection
                        + " but no PCRs were supplied for bank " + quoted.hash().label());
            }
            if (ordered.containsKey(quoted.hash())) {
                throw new VerificationException(Reason.PCR_SELECTION_MISMATCH, "quote selects bank "
                        + quoted.hash().label() + " twice: " + selection);
            }
            for (int index : quoted.pcrs()) {
                if (!bank.values().containsKey(index)) {
                    throw new VerificationException(Reason.PCR_SELECTION_MISMATCH, "PCR " + index + " ("
                            + bank.hash().label() + ") is quoted but no value was supplied");
                }
            }
            for (int index : bank.values().keySet()) {
                if (!quoted.pcrs().contains(index)) {
                    throw new VerificationException(Reason.PCR_SELECTION_MISMATCH, "PCR " + index + " ("
                            + bank.hash().label() + ") was supplied but is not covered by the quote " + selection);
                }
            }
            ordered.put(quoted.hash(), bank.values());
        }
        for (TpmHash hash : supplied.keySet()) {
            if (!ordered.containsKey(hash)) {
                throw new VerificationException(Reason.PCR_SELECTION_MISMATCH, "PCRs were supplied for bank "
                        + hash.label() + " but the quote selects " + selection);
            }
        }
        return ordered;
    }

    /**
     * Checks only that {@code signature} is this AK's signature over {@code attest.attestBytes()} with a
     * scheme the key allows (for TPM2_Certify / TPM2_CertifyCreation evidence; quotes use {@link #verify}).
     */
    public void verifySignature(TpmsAttest attest, TpmtSignature signature) throws VerificationException {
        checkKeyAllows(signature);
        byte[] data = attest.attestBytes();
        boolean valid;
        try {
            valid = switch (signature.scheme()) {
                case RSASSA -> rsa(signature.hash().jcaName().replace("-", "") + "withRSA", null, data,
                        signature.rsaSignature());
                case RSAPSS -> pss(signature, data);
                case ECDSA -> ecdsa(signature, data);
            };
        } catch (InvalidKeyException e) {
            throw new VerificationException(Reason.KEY_MISMATCH, "AK cannot verify " + signature + ": " + e.getMessage(), e);
        }
        if (!valid) {
            throw new VerificationException(Reason.SIGNATURE_INVALID, signature.scheme() + "/" + signature.hash()
                    + " signature over the " + data.length + "-byte TPMS_ATTEST does not verify with the AK");
        }
    }

    private void checkKeyAllows(TpmtSignature signature) throws VerificationException {
        boolean rsaKey = publicKey instanceof RSAPublicKey;
        boolean ecKey = publicKey instanceof ECPublicKey;
        if (signature.scheme().isRsa() ? !rsaKey : !ecKey) {
            throw new VerificationException(Reason.KEY_MISMATCH, "signature scheme " + signature.scheme()
                    + " does not fit the AK's " + publicKey.getAlgorithm() + " key");
        }
        if (tpmtPublic == null) {
            return;
        }
        if (!tpmtPublic.hasAttributes(TpmtPublic.RESTRICTED | TpmtPublic.SIGN_ENCRYPT)
                || tpmtPublic.hasAttributes(TpmtPublic.DECRYPT)) {
            throw new VerificationException(Reason.KEY_MISMATCH, String.format(
                    "AK objectAttributes 0x%08x are not those of a restricted signing key", tpmtPublic.objectAttributes()));
        }
        TpmtPublic.Scheme scheme = tpmtPublic.parameters().scheme();
        if (!scheme.isNull() && (scheme.algId() != signature.scheme().algId()
                || scheme.hashAlgId() != signature.hash().algId())) {
            throw new VerificationException(Reason.KEY_MISMATCH, "signature uses " + signature.scheme() + "/"
                    + signature.hash() + " but the AK's scheme is " + scheme);
        }
    }

    private boolean rsa(String alg, PSSParameterSpec pss, byte[] data, byte[] sig) throws InvalidKeyException {
        try {
            Signature s = Signature.getInstance(alg);
            if (pss != null) {
                s.setParameter(pss);
            }
            s.initVerify(publicKey);
            s.update(data);
            return s.verify(sig);
        } catch (SignatureException e) {
            return false; // wrong length and similar: a bad signature, not a bug
        } catch (NoSuchAlgorithmException | java.security.InvalidAlgorithmParameterException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TPMs use either salt = hash length or the maximum salt; accept both (as go-tpm does with auto salt). */
    private boolean pss(TpmtSignature signature, byte[] data) throws InvalidKeyException {
        TpmHash h = signature.hash();
        MGF1ParameterSpec mgf = new MGF1ParameterSpec(h.jcaName());
        int modBits = ((RSAPublicKey) publicKey).getModulus().bitLength();
        int emLen = (modBits - 1 + 7) / 8;
        int maxSalt = emLen - h.digestLength() - 2;
        for (int salt : new int[] {h.digestLength(), maxSalt}) {
            if (salt >= 0 && rsa("RSASSA-PSS", new PSSParameterSpec(h.jcaName(), "MGF1", mgf, salt, 1), data,
                    signature.rsaSignature())) {
                return true;
            }
        }
        return false;
    }

    private boolean ecdsa(TpmtSignature signature, byte[] data) throws InvalidKeyException {
        try {
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(new ASN1Integer(new BigInteger(1, signature.ecdsaR())));
            v.add(new ASN1Integer(new BigInteger(1, signature.ecdsaS())));
            byte[] der = new DERSequence(v).getEncoded(ASN1Encoding.DER);
            Signature s = Signature.getInstance(signature.hash().jcaName().replace("-", "") + "withECDSA", BC);
            s.initVerify(publicKey);
            s.update(data);
            return s.verify(der);
        } catch (SignatureException e) {
            return false;
        } catch (java.io.IOException | GeneralSecurityException e) {
            if (e instanceof InvalidKeyException ike) {
                throw ike;
            }
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return b.length == 0 ? "(empty)" : HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        return "AkPublic[" + (tpmtPublic != null ? tpmtPublic : publicKey.getAlgorithm() + " SPKI") + "]";
    }
}
