package dev.trustedcompute.tpmquote.eventlog;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * EFI_SIGNATURE_LIST (UEFI 2.x, 32.4.1), the content of PK, KEK, db and dbx:
 * <pre>
 * EFI_GUID SignatureType;            EFI_CERT_X509_GUID, EFI_CERT_SHA256_GUID, ...
 * UINT32   SignatureListSize;        whole list, header included
 * UINT32   SignatureHeaderSize;
 * UINT32   SignatureSize;            of each EFI_SIGNATURE_DATA
 * UINT8    SignatureHeader[SignatureHeaderSize];
 * EFI_SIGNATURE_DATA Signatures[];   {EFI_GUID SignatureOwner; UINT8 SignatureData[SignatureSize - 16]}
 * </pre>
 */
public record EfiSignatureList(EfiGuid signatureType, byte[] header, List<SignatureData> signatures) {

    /** Upper bound on entries in one variable (dbx updates hold a few hundred hashes). */
    public static final int MAX_SIGNATURES = 100_000;

    /** One EFI_SIGNATURE_DATA. */
    public record SignatureData(EfiGuid owner, byte[] data) {
        public SignatureData {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    public EfiSignatureList {
        header = header.clone();
        signatures = List.copyOf(signatures);
    }

    @Override
    public byte[] header() {
        return header.clone();
    }

    /** Parses a variable's data as consecutive signature lists; the data must be consumed exactly. */
    public static List<EfiSignatureList> parseAll(byte[] data) throws EvidenceFormatException {
        ByteReader r = ByteReader.littleEndian(data);
        List<EfiSignatureList> lists = new ArrayList<>();
        int total = 0;
        while (r.hasRemaining()) {
            int start = r.position();
            EfiGuid type = EfiGuid.read(r, "EFI_SIGNATURE_LIST.SignatureType");
            long listSize = r.u32("EFI_SIGNATURE_LIST.SignatureListSize");
            long headerSize = r.u32("EFI_SIGNATURE_LIST.SignatureHeaderSize");
            long sigSize = r.u32("EFI_SIGNATURE_LIST.SignatureSize");
            if (listSize < 28 || listSize - 28 > r.remaining() || headerSize > listSize - 28) {
                throw new EvidenceFormatException(start, "EFI_SIGNATURE_LIST.SignatureListSize", "list size "
                        + listSize + " with header " + headerSize + " does not fit the " + (r.remaining() + 28)
                        + " bytes left");
            }
            long body = listSize - 28 - headerSize;
            if (sigSize < 16 || body % sigSize != 0) {
                throw new EvidenceFormatException(start, "EFI_SIGNATURE_LIST.SignatureSize", "signature size "
                        + sigSize + " does not divide the " + body + " bytes of signatures");
            }
            byte[] header = r.bytes((int) headerSize, "EFI_SIGNATURE_LIST.SignatureHeader");
            long count = body / sigSize;
            total += (int) count;
            if (total > MAX_SIGNATURES) {
                throw new EvidenceFormatException(start, "EFI_SIGNATURE_LIST", "more than " + MAX_SIGNATURES
                        + " signatures");
            }
            List<SignatureData> sigs = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                EfiGuid owner = EfiGuid.read(r, "EFI_SIGNATURE_DATA.SignatureOwner");
                sigs.add(new SignatureData(owner, r.bytes((int) sigSize - 16, "EFI_SIGNATURE_DATA.SignatureData")));
            }
            lists.add(new EfiSignatureList(type, header, sigs));
        }
        return lists;
    }

    /** X.509 certificates of an EFI_CERT_X509_GUID list (empty for other types). */
    public List<X509Certificate> certificates() throws EvidenceFormatException {
        if (!signatureType.equals(EfiGuid.EFI_CERT_X509)) {
            return List.of();
        }
        List<X509Certificate> out = new ArrayList<>();
        for (SignatureData s : signatures) {
            out.add(parseCertificate(s.data()));
        }
        return out;
    }

    /** SHA-256 hashes of an EFI_CERT_SHA256_GUID list (empty for other types). */
    public List<byte[]> sha256Hashes() throws EvidenceFormatException {
        if (!signatureType.equals(EfiGuid.EFI_CERT_SHA256)) {
            return List.of();
        }
        List<byte[]> out = new ArrayList<>();
        for (SignatureData s : signatures) {
            if (s.data().length != 32) {
                throw new EvidenceFormatException("EFI_CERT_SHA256", "entry of " + s.data().length + " bytes");
            }
            out.add(s.data());
        }
        return out;
    }

    static X509Certificate parseCertificate(byte[] der) throws EvidenceFormatException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new EvidenceFormatException("X.509 certificate", "not a DER certificate: " + e.getMessage(), e);
        }
    }
}
