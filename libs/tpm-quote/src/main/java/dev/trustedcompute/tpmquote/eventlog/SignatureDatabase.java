package dev.trustedcompute.tpmquote.eventlog;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A Secure Boot signature database (PK, KEK, db, dbx) as measured into PCR7: the raw variable data and its
 * EFI_SIGNATURE_LISTs, with the X.509 certificates and SHA-256 hashes already extracted.
 */
public record SignatureDatabase(String name, byte[] variableData, List<EfiSignatureList> lists,
                                List<X509Certificate> certificates, List<byte[]> sha256Hashes) {

    public SignatureDatabase {
        variableData = variableData.clone();
        lists = List.copyOf(lists);
        certificates = List.copyOf(certificates);
        sha256Hashes = sha256Hashes.stream().map(byte[]::clone).toList();
    }

    static SignatureDatabase parse(String name, byte[] data) throws EvidenceFormatException {
        List<EfiSignatureList> lists = EfiSignatureList.parseAll(data);
        List<X509Certificate> certs = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        for (EfiSignatureList l : lists) {
            certs.addAll(l.certificates());
            hashes.addAll(l.sha256Hashes());
        }
        return new SignatureDatabase(name, data, lists, certs, hashes);
    }

    @Override
    public byte[] variableData() {
        return variableData.clone();
    }

    @Override
    public List<byte[]> sha256Hashes() {
        return sha256Hashes.stream().map(byte[]::clone).toList();
    }
}
