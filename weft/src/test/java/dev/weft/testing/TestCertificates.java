package dev.weft.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and certificates signed by it, made at test time with the
 * JDK's own {@code keytool}, written as PEM files (what servers and npm's ws read) into a
 * temporary folder.
 */
public final class TestCertificates {
    /** The password of every key store here (the CA's and each issued NAME.p12). */
    public static final String STORE_PASSWORD = "changeit";
    private static final String PASS = STORE_PASSWORD;

    /** The folder holding ca.pem and each issued NAME.pem / NAME.key.pem. */
    public final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A new CA in a new temporary folder. */
    public static TestCertificates create() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("weft-test-ca");
        TestCertificates c = new TestCertificates(dir);
        c.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=weft test CA",
                "-ext", "bc:c", "-validity", "3", "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", PASS);
        c.keytool("-exportcert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASS, "-rfc", "-file", "ca.pem");
        return c;
    }

    /**
     * Issues a certificate for {@code subjectAltNames} (such as {@code dns:localhost,ip:127.0.0.1}),
     * writing NAME.pem (the chain, leaf first), NAME.key.pem (PKCS#8) and NAME.p12 (both).
     */
    public TestCertificates issue(String name, String subjectAltNames) throws Exception {
        String store = name + ".p12";
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "3", "-keystore", store, "-storetype", "PKCS12", "-storepass", PASS);
        keytool("-certreq", "-alias", name, "-keystore", store, "-storepass", PASS, "-file", name + ".csr");
        keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASS, "-infile", name + ".csr",
                "-outfile", name + ".crt", "-rfc", "-validity", "3", "-ext", "SAN=" + subjectAltNames,
                "-ext", "EKU=serverAuth,clientAuth");
        Files.writeString(dir.resolve(name + ".pem"), Files.readString(dir.resolve(name + ".crt"))
                + Files.readString(dir.resolve("ca.pem")));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(store))) {
            ks.load(in, PASS.toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey(name, PASS.toCharArray());
        // The store keeps the key with its CA-issued chain (keytool left the self-signed
        // certificate of -genkeypair there), for servers configured with a key store.
        java.security.cert.Certificate[] chain;
        try (InputStream in = Files.newInputStream(chain(name))) {
            chain = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .toArray(new java.security.cert.Certificate[0]);
        }
        ks.setKeyEntry(name, key, PASS.toCharArray(), chain);
        try (java.io.OutputStream out = Files.newOutputStream(dir.resolve(store))) {
            ks.store(out, PASS.toCharArray());
        }
        Files.writeString(dir.resolve(name + ".key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return this;
    }

    public Path ca() {
        return dir.resolve("ca.pem");
    }

    public Path chain(String name) {
        return dir.resolve(name + ".pem");
    }

    public Path key(String name) {
        return dir.resolve(name + ".key.pem");
    }

    /**
     * Base64 of the SHA-256 of NAME's public key, as Chromium's
     * {@code --ignore-certificate-errors-spki-list} wants it.
     */
    public String spkiSha256(String name) throws Exception {
        java.security.cert.X509Certificate leaf;
        try (InputStream in = Files.newInputStream(chain(name))) {
            leaf = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
        }
        return Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(leaf.getPublicKey().getEncoded()));
    }

    /** NAME's key and certificate as a PKCS#12 key store, with {@link #STORE_PASSWORD}. */
    public Path keyStore(String name) {
        return dir.resolve(name + ".p12");
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
