package dev.trustedcompute.cms.cas;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * CA keys at rest: one PKCS#12 file per CA in the data directory, encrypted and MAC-protected with the
 * configured passphrase (JDK defaults since 17: PBES2/AES-256 for keys and certificates, HmacSHA256 MAC).
 * Files are created once, atomically and owner-only; they are never overwritten.
 */
public final class CaKeyStore {
    static final String ALIAS = "ca";

    private final Path directory;
    private final char[] password;

    public CaKeyStore(Path directory, char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("a key-store passphrase is required");
        }
        this.directory = directory;
        this.password = password.clone();
    }

    public Path directory() { return directory; }

    public Path fileOf(String fileName) { return directory.resolve(fileName); }

    /** Loads a key entry, or empty when the file does not exist yet. */
    public Optional<LoadedEntry> load(String fileName) {
        Path file = fileOf(fileName);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            if (!(ks.getKey(ALIAS, password) instanceof PrivateKey key)) {
                throw new IllegalStateException(file + " has no private key entry '" + ALIAS + "'");
            }
            Certificate[] chain = ks.getCertificateChain(ALIAS);
            if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
                throw new IllegalStateException(file + " has no certificate for entry '" + ALIAS + "'");
            }
            return Optional.of(new LoadedEntry(key, cert));
        } catch (IOException e) {
            // PKCS12 reports a wrong passphrase as an IOException whose cause is UnrecoverableKeyException.
            throw new IllegalStateException("Cannot open " + file + ": wrong tc.cms.key-store-password or corrupt file ("
                    + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read key from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a new key entry; fails if the file already exists (another process won the race). */
    public void create(String fileName, PrivateKey key, X509Certificate... chain) {
        Path file = fileOf(fileName);
        try {
            createDirectory();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, key, password, chain);
            Path tmp = Files.createTempFile(directory, "." + fileName, ".tmp", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    ks.store(out, password);
                }
                // A hard link appears atomically and fails if the name exists (rename(2) would replace it):
                // an existing CA is never overwritten.
                Files.createLink(file, tmp);
                if (Files.size(file) == 0) {
                    throw new IllegalStateException(file + " is empty after writing");
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException(file + " appeared while it was being created; restart to load it", e);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private void createDirectory() throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    /** A private key with the first certificate of its chain. */
    public record LoadedEntry(PrivateKey privateKey, X509Certificate certificate) {
        @Override
        public String toString() { return "LoadedEntry[" + certificate.getSubjectX500Principal() + "]"; }
    }
}
