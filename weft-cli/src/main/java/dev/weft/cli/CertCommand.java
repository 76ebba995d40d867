package dev.weft.cli;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code weft cert}: a self-signed certificate and key (EC P-256) for trying {@code wss://}
 * locally, as PEM files that {@code weft serve --cert --key} reads. Prints the certificate's
 * public-key hash for Chromium's {@code --ignore-certificate-errors-spki-list}.
 */
@Command(name = "cert", mixinStandardHelpOptions = true,
        description = "Generate a self-signed certificate and key (PEM) for wss:// on this machine.")
public final class CertCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = ".", description = "Folder to write NAME.pem and NAME.key.pem into (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--name", defaultValue = "weft", description = "File name stem (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--host", description = "Host name or IP address the certificate covers (repeatable; default localhost, 127.0.0.1, ::1).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--days", defaultValue = "30", description = "Days of validity (default: ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() throws Exception {
        if (days < 1) {
            throw CliException.usage("--days " + days + ": a certificate must be valid for at least 1 day");
        }
        if (hosts.isEmpty()) {
            hosts = List.of("localhost", "127.0.0.1", "::1");
        }
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair pair = gen.generateKeyPair();
        X500Name subject = new X500Name("CN=" + hosts.get(0));
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(days))), subject, pair.getPublic());
        List<GeneralName> names = new ArrayList<>();
        for (String h : hosts) {
            boolean ip = h.indexOf(':') >= 0 || h.chars().allMatch(c -> c == '.' || Character.isDigit(c));
            names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, h));
        }
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
        Files.createDirectories(out);
        Path certFile = out.resolve(name + ".pem");
        Path keyFile = out.resolve(name + ".key.pem");
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
        writePrivate(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        String spki = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
        System.out.println("wrote " + certFile + " and " + keyFile + " (self-signed, for " + String.join(", ", hosts)
                + ", valid " + days + " days)");
        System.out.println("serve with:  weft serve --tls-port 8443 --cert " + certFile + " --key " + keyFile);
        System.out.println("connect with: weft connect wss://localhost:8443/ --ca " + certFile);
        System.out.println("chromium flag: --ignore-certificate-errors-spki-list=" + spki);
        return 0;
    }

    /**
     * Writes the key readable by its owner only (0600, where the file system has POSIX
     * permissions): the file is made with those permissions before a byte is written.
     */
    private static void writePrivate(Path file, String content) throws java.io.IOException {
        Files.deleteIfExists(file);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, content);
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
