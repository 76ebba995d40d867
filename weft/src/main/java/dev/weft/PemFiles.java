package dev.weft;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads PEM certificates and PKCS#8 private keys into in-memory key stores. */
final class PemFiles {
    static final char[] PASSWORD = "weft".toCharArray();

    private PemFiles() {
    }

    static KeyStore keyStore(Path chainFile, Path keyFile) throws IOException, GeneralSecurityException {
        List<Certificate> chain = certificates(chainFile);
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + chainFile);
        }
        List<byte[]> keys = blocks(Files.readString(keyFile, StandardCharsets.US_ASCII), "PRIVATE KEY");
        if (keys.isEmpty()) {
            throw new GeneralSecurityException("no PKCS#8 'BEGIN PRIVATE KEY' block in " + keyFile
                    + " (convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
        }
        PrivateKey key = privateKey(keys.get(0), chain.get(0).getPublicKey().getAlgorithm());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("weft", key, PASSWORD, chain.toArray(new Certificate[0]));
        return ks;
    }

    static KeyStore trustStore(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (Certificate c : certificates(caFile)) {
            ks.setCertificateEntry("ca-" + i++, c);
        }
        if (i == 0) {
            throw new GeneralSecurityException("no certificate in " + caFile);
        }
        return ks;
    }

    private static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<Certificate> out = new ArrayList<>();
        for (byte[] der : blocks(Files.readString(file, StandardCharsets.US_ASCII), "CERTIFICATE")) {
            out.add(cf.generateCertificate(new ByteArrayInputStream(der)));
        }
        return out;
    }

    private static PrivateKey privateKey(byte[] pkcs8, String algorithm) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    /** The DER bytes of every "-----BEGIN label-----" block, in order. */
    private static List<byte[]> blocks(String pem, String label) {
        List<byte[]> out = new ArrayList<>();
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int at = 0;
        while ((at = pem.indexOf(begin, at)) >= 0) {
            int stop = pem.indexOf(end, at);
            if (stop < 0) {
                break;
            }
            String body = pem.substring(at + begin.length(), stop).replaceAll("\\s", "");
            out.add(Base64.getDecoder().decode(body));
            at = stop + end.length();
        }
        return out;
    }
}
