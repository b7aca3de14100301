package org.plotracker.infrastructure.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority that lives for one start of the secured embedded stack: an EC P-256 key pair and a
 * self-signed CA certificate made in memory, which issues the broker's and registry's server certificates and the
 * principals' client certificates. Certificates are built with BouncyCastle's X.509 builders and stored with the JDK's
 * PKCS12 key stores, never hand-written ASN.1. Nothing here is meant for production: a real deployment uses its
 * organisation's CA (docs/security.md).
 */
public final class ThrowawayCertificateAuthority {

    private static final String KEY_ALGORITHM = "EC";
    private static final String CURVE = "secp256r1";
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final Duration validity;

    private ThrowawayCertificateAuthority(KeyPair keys, X509Certificate certificate, Duration validity) {
        this.keys = keys;
        this.certificate = certificate;
        this.validity = validity;
    }

    /**
     * A new CA named {@code CN=<name>}, whose certificate and every certificate it issues are valid from one hour ago
     * (clock skew) for {@code validity}.
     */
    public static ThrowawayCertificateAuthority create(String name, Duration validity) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(validity, "validity");
        try {
            KeyPair keys = newKeyPair();
            X500Name subject = distinguishedName(name);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(subject, subject, keys.getPublic(), validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new ThrowawayCertificateAuthority(keys, sign(builder, keys.getPrivate()), validity);
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot create the throw-away certificate authority: " + e.getMessage(), e);
        }
    }

    /** The CA's certificate: what clients and servers trust. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * A server certificate for TLS listeners on these host names and IP addresses (subject alternative names, which
     * hostname verification checks).
     */
    public TlsIdentity issueServer(String commonName, List<String> hostNames, List<String> ipAddresses) {
        List<GeneralName> names = new ArrayList<>();
        hostNames.forEach(host -> names.add(new GeneralName(GeneralName.dNSName, host)));
        for (String ip : ipAddresses) {
            names.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("A server certificate needs at least one host name or IP address");
        }
        return issue(commonName, new GeneralNames(names.toArray(GeneralName[]::new)), KeyPurposeId.id_kp_serverAuth);
    }

    /** A client certificate whose subject is {@code CN=<commonName>} (mutual TLS). */
    public TlsIdentity issueClient(String commonName) {
        return issue(commonName, null, KeyPurposeId.id_kp_clientAuth);
    }

    /** Writes a PKCS12 trust store holding the CA's certificate as a trusted entry; returns {@code file}. */
    public Path writeTrustStore(Path file, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("plo-throwaway-ca", certificate);
            return TlsIdentity.save(store, file, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot write the trust store " + file + ": " + e.getMessage(), e);
        }
    }

    private TlsIdentity issue(String commonName, GeneralNames alternativeNames, KeyPurposeId purpose) {
        Objects.requireNonNull(commonName, "commonName");
        try {
            KeyPair subjectKeys = newKeyPair();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(distinguishedName(commonName),
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), subjectKeys.getPublic(),
                    validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate));
            if (alternativeNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            }
            return new TlsIdentity(commonName, sign(builder, keys.getPrivate()), subjectKeys.getPrivate(), certificate);
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot issue a certificate for " + commonName + ": " + e.getMessage(), e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name subject, X500Name issuer, PublicKey key,
            Duration validity) {
        Instant notBefore = Instant.now().minus(Duration.ofHours(1));
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                Date.from(notBefore), Date.from(notBefore.plus(validity).plus(Duration.ofHours(1))), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(KEY_ALGORITHM);
        generator.initialize(new ECGenParameterSpec(CURVE), RANDOM);
        return generator.generateKeyPair();
    }

    private static X500Name distinguishedName(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "plo-tracker (throw-away)")
                .addRDN(BCStyle.CN, commonName).build();
    }

    static void write(Path file, KeyStore store, char[] password) throws IOException, GeneralSecurityException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }
}
