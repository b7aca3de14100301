package org.plotracker.infrastructure.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** A certificate with its private key and the certificate of the CA that issued it. */
public record TlsIdentity(String name, X509Certificate certificate, PrivateKey key, X509Certificate issuer) {

    public TlsIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(issuer, "issuer");
    }

    /**
     * Writes a PKCS12 key store with the key and its chain (certificate, then CA) under alias {@link #name()}; the key
     * is protected by the store password. Returns {@code file}.
     */
    public Path writeKeyStore(Path file, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(name, key, password, new Certificate[] {certificate, issuer});
            return save(store, file, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot write the key store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Stores {@code store} in {@code file}, readable by its owner only where the file system allows it. */
    static Path save(KeyStore store, Path file, char[] password) throws IOException, GeneralSecurityException {
        ThrowawayCertificateAuthority.write(file, store, password);
        try {
            java.nio.file.Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the directory's ACL applies
        }
        return file;
    }
}
