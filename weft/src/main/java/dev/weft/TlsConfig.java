package dev.weft;

import dev.weft.internal.transport.LogOnce;
import dev.weft.protocol.internal.http.Hosts;
import org.jspecify.annotations.Nullable;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * TLS settings for {@code wss://}: an {@link SSLContext}, the protocol versions (TLS 1.3 and 1.2
 * by default), and for a server whether to ask for client certificates. Immutable.
 *
 * <p>A client verifies the server's certificate chain and its host name by default (the check
 * whose absence was Java-WebSocket's CVE-2020-11050) and sends SNI. {@link #insecureClient()}
 * turns verification off, for tests against self-signed servers only, and says so in the log
 * every time it is used.
 */
public final class TlsConfig {
    private static final System.Logger LOG = System.getLogger("dev.weft");

    /** Whether a server asks for client certificates. */
    public enum ClientAuth {
        /** Does not ask (the default). */
        NONE,
        /** Asks; a client without one still connects. */
        WANT,
        /** Requires one; a client without one fails the TLS handshake. */
        NEED
    }

    private final SSLContext context;
    private final List<String> protocols;
    private final ClientAuth clientAuth;
    private final boolean verifyHostName;

    private TlsConfig(SSLContext context, List<String> protocols, ClientAuth clientAuth, boolean verifyHostName) {
        this.context = Objects.requireNonNull(context, "context");
        this.protocols = List.copyOf(protocols);
        this.clientAuth = clientAuth;
        this.verifyHostName = verifyHostName;
    }

    /**
     * A server or client configuration on {@code context}.
     *
     * @param context an initialized context
     * @return a configuration using the context's defaults for protocols, with host-name
     *     verification for clients
     */
    public static TlsConfig of(SSLContext context) {
        return new TlsConfig(context, List.of("TLSv1.3", "TLSv1.2"), ClientAuth.NONE, true);
    }

    /**
     * A server configuration from PEM files: a certificate chain (leaf first) and its private key
     * in PKCS#8 ({@code BEGIN PRIVATE KEY}; convert others with
     * {@code openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem}).
     *
     * @param certificateChain the PEM file holding the certificate chain, leaf first
     * @param privateKey the PEM file holding the leaf's private key, in PKCS#8
     * @return a server configuration presenting that certificate
     * @throws IOException if a file cannot be read
     * @throws GeneralSecurityException if the certificates or the key cannot be parsed or do not
     *     belong together
     */
    public static TlsConfig fromPem(Path certificateChain, Path privateKey) throws IOException, GeneralSecurityException {
        return fromPem(certificateChain, privateKey, null);
    }

    /**
     * A configuration with this certificate and key that trusts the authorities in
     * {@code trustedCertificates} (or the JDK's, if {@code null}): a server that checks client
     * certificates (with {@link #withClientAuth}), or a client that presents one.
     *
     * @param certificateChain the PEM file holding the certificate chain, leaf first
     * @param privateKey the PEM file holding the leaf's private key, in PKCS#8
     * @param trustedCertificates the PEM file of authorities to trust, or {@code null} for the
     *     JDK's
     * @return a configuration presenting that certificate and trusting those authorities
     * @throws IOException if a file cannot be read
     * @throws GeneralSecurityException if the certificates or the key cannot be parsed or do not
     *     belong together
     */
    public static TlsConfig fromPem(Path certificateChain, Path privateKey, @Nullable Path trustedCertificates)
            throws IOException, GeneralSecurityException {
        KeyStore keys = PemFiles.keyStore(certificateChain, privateKey);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PemFiles.PASSWORD);
        TrustManager[] trust = null;
        if (trustedCertificates != null) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(PemFiles.trustStore(trustedCertificates));
            trust = tmf.getTrustManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), trust, new SecureRandom());
        return of(ctx);
    }

    /**
     * A client configuration that trusts the JDK's default certificate authorities.
     *
     * @return the default client configuration
     */
    public static TlsConfig defaultClient() {
        try {
            return of(SSLContext.getDefault());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no default SSLContext", e);
        }
    }

    /**
     * A client configuration that trusts the certificate authorities in a PEM file (and no others).
     *
     * @param caCertificates the PEM file of authorities to trust
     * @return a client configuration trusting only those authorities
     * @throws IOException if the file cannot be read
     * @throws GeneralSecurityException if no certificate in it can be parsed
     */
    public static TlsConfig trusting(Path caCertificates) throws IOException, GeneralSecurityException {
        KeyStore trust = PemFiles.trustStore(caCertificates);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
        return of(ctx);
    }

    /**
     * A client configuration that accepts any certificate for any host name. For tests against
     * self-signed servers only: it gives up all protection against an attacker in the middle.
     *
     * @return a client configuration that verifies nothing
     */
    public static TlsConfig insecureClient() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustEverything()}, new SecureRandom());
            return new TlsConfig(ctx, List.of("TLSv1.3", "TLSv1.2"), ClientAuth.NONE, false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A copy allowing only these protocol versions, such as {@code TLSv1.3}.
     *
     * @param versions the protocol names, as {@link javax.net.ssl.SSLEngine#setEnabledProtocols}
     *     takes them
     * @return a new configuration; this one is unchanged
     */
    public TlsConfig withProtocols(String... versions) {
        return new TlsConfig(context, List.of(versions), clientAuth, verifyHostName);
    }

    /**
     * A copy that asks clients for certificates.
     *
     * @param auth whether client certificates are requested, required or neither
     * @return a new configuration; this one is unchanged
     */
    public TlsConfig withClientAuth(ClientAuth auth) {
        return new TlsConfig(context, protocols, Objects.requireNonNull(auth), verifyHostName);
    }

    /**
     * The context.
     *
     * @return the SSL context engines are made from
     */
    public SSLContext context() {
        return context;
    }

    /**
     * The protocol versions enabled.
     *
     * @return the enabled protocol names, or an empty list for the context's defaults
     */
    public List<String> protocols() {
        return protocols;
    }

    /**
     * Whether a client checks the server's host name against its certificate.
     *
     * @return true unless this is an {@linkplain #insecureClient() insecure} client configuration
     */
    public boolean verifiesHostName() {
        return verifyHostName;
    }

    /**
     * A server-side engine for one connection.
     *
     * @return a new engine in server mode
     */
    public SSLEngine newServerEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(protocols.toArray(new String[0]));
        switch (clientAuth) {
            case WANT -> engine.setWantClientAuth(true);
            case NEED -> engine.setNeedClientAuth(true);
            default -> {
            }
        }
        return engine;
    }

    /**
     * A client-side engine for a connection to {@code host:port}, with SNI and host-name verification.
     *
     * @param host the host name as the client was asked to reach it, sent as SNI and checked
     *     against the certificate
     * @param port the server's port
     * @return a new engine in client mode
     */
    public SSLEngine newClientEngine(String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(protocols.toArray(new String[0]));
        SSLParameters params = engine.getSSLParameters();
        if (verifyHostName) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        } else {
            // Once per process at WARNING (a test suite may open thousands of such connections).
            LogOnce.SHARED.log(LOG, System.Logger.Level.WARNING, "TLS without certificate or host-name verification"
                    + " (an insecure client configuration): open to an attacker in the middle", null);
        }
        if (!Hosts.isAddressLiteral(host)) {
            params.setServerNames(List.of(new SNIHostName(host)));
        }
        engine.setSSLParameters(params);
        return engine;
    }

    /** Accepts every certificate: what {@link #insecureClient()} means. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // trusts everything, by request
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // trusts everything, by request
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
