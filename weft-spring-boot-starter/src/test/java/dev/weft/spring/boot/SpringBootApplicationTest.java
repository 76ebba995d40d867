package dev.weft.spring.boot;

import dev.weft.WebSocket;
import dev.weft.WebSocketConnectException;
import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;
import dev.weft.protocol.handshake.ExtensionOffer;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real Spring Boot 4 application (Spring MVC on its embedded Tomcat, Spring Security) serves a
 * REST controller and weft's WebSocket routes on one port, found through weft's
 * auto-configuration; started and stopped here, on a free loopback port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringBootApplicationTest {
    private static final String ALICE = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));

    private ConfigurableApplicationContext app;
    private WebSocketClient client;
    private int port;

    @BeforeAll
    void start() throws Exception {
        app = new SpringApplicationBuilder(DemoApplication.class)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                        "management.endpoints.web.exposure.include=metrics")
                .run();
        port = Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
        client = WebSocketClient.create();
    }

    @AfterAll
    void stop() {
        client.close();
        if (app.isActive()) {
            app.close();
        }
    }

    /** With weft-micrometer and the actuator there, the server's meters are in the application's registry. */
    @Test
    void weftsMetersAreInTheActuatorsRegistry() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest connections = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/metrics/weft.connections")).header("Authorization", ALICE).build();
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + port + "/ws/echo"), inbox).get(10, TimeUnit.SECONDS);
        try {
            ws.sendText("counted");
            assertThat(inbox.nextMessage()).isEqualTo("counted");
            HttpResponse<String> open = http.send(connections, HttpResponse.BodyHandlers.ofString());
            assertThat(open.statusCode()).as(open.body()).isEqualTo(200);
            assertThat(open.body()).contains("\"name\":\"weft.connections\"").containsPattern("\"value\":[1-9]");
        } finally {
            ws.close(1000, "").get(10, TimeUnit.SECONDS);
        }
        HttpResponse<String> budget = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/metrics/weft.memory.budget?tag=direction:outbound")).header("Authorization", ALICE).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(budget.statusCode()).as(budget.body()).isEqualTo(200);
        assertThat(budget.body()).contains("\"baseUnit\":\"bytes\"");
    }

    @Test
    void theRestControllerAndTheWebSocketShareThePortAndTheSecurity() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> hello = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/hello"))
                .header("Authorization", ALICE).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo("hello alice");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/hello"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + port + "/ws/echo"), inbox).get(10, TimeUnit.SECONDS);
        ws.sendText("through Spring Boot");
        assertThat(inbox.nextMessage()).isEqualTo("through Spring Boot");
        byte[] big = new byte[200_000];
        new java.util.Random(3).nextBytes(big);
        ws.sendBinary(big);
        ByteBuffer echoed = (ByteBuffer) inbox.nextMessage();
        byte[] got = new byte[echoed.remaining()];
        echoed.get(got);
        assertThat(got).isEqualTo(big);
        assertThat(ws.extensions()).as("the customizer bean turned permessage-deflate on")
                .extracting(ExtensionOffer::name).containsExactly("permessage-deflate");
        ws.close(1000, "done");
        assertThat(inbox.awaitClose()).isEqualTo("close:1000::clean");
    }

    @Test
    void theInterceptorSeesTheUserSpringSecurityAuthenticated() throws Exception {
        Inbox alice = new Inbox();
        client.connect(URI.create("ws://127.0.0.1:" + port + "/ws/whoami"),
                ConnectOptions.builder().header("Authorization", ALICE).build(), alice).get(10, TimeUnit.SECONDS);
        assertThat(alice.nextMessage()).isEqualTo("you are alice");

        // Spring Security answers first: weft never sees an unauthenticated request for /ws/whoami.
        assertThatThrownBy(() -> client.connect(URI.create("ws://127.0.0.1:" + port + "/ws/whoami"), new Inbox())
                .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(WebSocketConnectException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void aTemplateRouteIsMappedAndItsParameterRead() throws Exception {
        Inbox inbox = new Inbox();
        client.connect(URI.create("ws://127.0.0.1:" + port + "/rooms/lobby"), inbox).get(10, TimeUnit.SECONDS);
        assertThat(inbox.nextMessage()).isEqualTo("welcome to lobby");
    }

    @Test
    void closingTheApplicationClosesItsWebSocketsWithGoingAway() throws Exception {
        // A second application, so the shared one stays up for the other tests.
        ConfigurableApplicationContext second = new SpringApplicationBuilder(DemoApplication.class)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
                .run();
        int secondPort = Integer.parseInt(second.getEnvironment().getRequiredProperty("local.server.port"));
        WebSocketServer server = second.getBean(WebSocketServer.class);
        Inbox inbox = new Inbox();
        client.connect(URI.create("ws://127.0.0.1:" + secondPort + "/ws/echo"), inbox).get(10, TimeUnit.SECONDS);
        inbox.expect("open");
        assertThat(server.connections()).hasSize(1);
        second.close();
        assertThat(inbox.awaitClose()).startsWith("close:1001:");
    }
}
