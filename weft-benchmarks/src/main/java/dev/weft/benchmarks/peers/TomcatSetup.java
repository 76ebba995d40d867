package dev.weft.benchmarks.peers;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.nio.file.Files;

/**
 * The embedded Tomcat 11 that weft's servlet and Tomcat's own WebSocket implementation are
 * compared in, set up alike for both: the default NIO connector on 127.0.0.1, one root context.
 * (Its own class, so that a Jetty process never loads a Tomcat type.)
 */
final class TomcatSetup {
    private TomcatSetup() {
    }

    /** A Tomcat on 127.0.0.1:{@code port}, not yet started. */
    static Tomcat tomcat(int port) throws IOException {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("bench-tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        return tomcat;
    }

    /** The root context of a Tomcat from {@link #tomcat}. */
    static Context rootContext(Tomcat tomcat) {
        return tomcat.addContext("", tomcat.getServer().getCatalinaBase().getAbsolutePath());
    }

    /** Starts {@code tomcat}, announces its port and serves until killed. */
    static void startAndAnnounce(Tomcat tomcat) throws Exception {
        tomcat.start();
        announceAndAwait(tomcat);
    }

    /** Announces the port of a started {@code tomcat} and serves until killed. */
    static void announceAndAwait(Tomcat tomcat) {
        ServerArgs.announce(tomcat.getConnector().getLocalPort());
        tomcat.getServer().await();
    }
}
