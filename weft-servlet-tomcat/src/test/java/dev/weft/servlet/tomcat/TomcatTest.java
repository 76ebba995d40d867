package dev.weft.servlet.tomcat;

import dev.weft.containers.ServletContainerContract;
import dev.weft.server.WebSocketServer;
import dev.weft.servlet.WebSocketServlet;
import dev.weft.servlet.testing.LoginFilter;
import dev.weft.servlet.testing.SelfTestServlet;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

import java.nio.file.Files;
import java.nio.file.Path;

/** weft's servlet contract in an embedded Tomcat 11, on a plain and a TLS connector. */
class TomcatTest extends ServletContainerContract {
    private Tomcat tomcat;

    @Override
    protected Ports startContainer(ContainerSetup setup) throws Exception {
        Path base = Files.createTempDirectory("weft-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector plain = connector();
        tomcat.setConnector(plain);
        Connector tls = connector();
        SSLHostConfig host = new SSLHostConfig();
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystoreFile(setup.keyStore().toString());
        certificate.setCertificateKeystorePassword(setup.keyStorePassword());
        certificate.setCertificateKeystoreType("PKCS12");
        host.addCertificate(certificate);
        tls.addSslHostConfig(host);
        tls.setSecure(true);
        tls.setScheme("https");
        tls.setProperty("SSLEnabled", "true");
        tomcat.getService().addConnector(tls);

        WebSocketServer weft = setup.weft();
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "weft", new WebSocketServlet(weft));
        context.addServletMappingDecoded("/ws/*", "weft");
        Tomcat.addServlet(context, "timed", new WebSocketServlet(setup.timed()));
        context.addServletMappingDecoded("/timed/*", "timed");
        Tomcat.addServlet(context, "selftest", new SelfTestServlet(setup.selfTestReports()));
        context.addServletMappingDecoded("/selftest/*", "selftest");
        FilterDef login = new FilterDef();
        login.setFilterName("login");
        login.setFilter(new LoginFilter());
        context.addFilterDef(login);
        FilterMap everything = new FilterMap();
        everything.setFilterName("login");
        everything.addURLPattern("/*");
        context.addFilterMap(everything);
        tomcat.start();
        return new Ports(plain.getLocalPort(), tls.getLocalPort());
    }

    /** A NIO connector on a free loopback port, with the contract's short idle timeouts. */
    private static Connector connector() {
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("connectionTimeout", String.valueOf(CONTAINER_IDLE_TIMEOUT.toMillis()));
        connector.setProperty("keepAliveTimeout", String.valueOf(CONTAINER_IDLE_TIMEOUT.toMillis()));
        return connector;
    }

    @Override
    protected void stopContainer() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
