package dev.weft.servlet.tomcat;

import dev.weft.server.WebSocketServer;
import dev.weft.servlet.WebSocketServlet;
import dev.weft.containers.ServletContainerContract;
import dev.weft.servlet.testing.LoginFilter;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

import java.nio.file.Files;
import java.nio.file.Path;

/** weft's servlet contract in an embedded Tomcat 11. */
class TomcatTest extends ServletContainerContract {
    private Tomcat tomcat;

    @Override
    protected int startContainer(WebSocketServer weft) throws Exception {
        Path base = Files.createTempDirectory("weft-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("connectionTimeout", String.valueOf(CONTAINER_IDLE_TIMEOUT.toMillis()));
        connector.setProperty("keepAliveTimeout", String.valueOf(CONTAINER_IDLE_TIMEOUT.toMillis()));
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "weft", new WebSocketServlet(weft));
        context.addServletMappingDecoded("/ws/*", "weft");
        FilterDef login = new FilterDef();
        login.setFilterName("login");
        login.setFilter(new LoginFilter());
        context.addFilterDef(login);
        FilterMap everything = new FilterMap();
        everything.setFilterName("login");
        everything.addURLPattern("/*");
        context.addFilterMap(everything);
        tomcat.start();
        return connector.getLocalPort();
    }

    @Override
    protected void stopContainer() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
