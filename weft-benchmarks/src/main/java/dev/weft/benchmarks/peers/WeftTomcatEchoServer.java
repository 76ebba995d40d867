package dev.weft.benchmarks.peers;

import dev.weft.servlet.WebSocketServlet;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/** weft's echo inside Tomcat 11 through weft-servlet, on Tomcat's port. Keeps the contract in {@link ServerArgs} (no broadcast). */
public final class WeftTomcatEchoServer {
    private WeftTomcatEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        ServerArgs options = ServerArgs.parse(args);
        Tomcat tomcat = TomcatSetup.tomcat(options.port());
        Context context = TomcatSetup.rootContext(tomcat);
        Tomcat.addServlet(context, "weft", new WebSocketServlet(WeftEchoServer.withoutPort(options)));
        context.addServletMappingDecoded("/*", "weft");
        TomcatSetup.startAndAnnounce(tomcat);
    }
}
