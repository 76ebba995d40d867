package dev.weft.tck;

import dev.weft.client.WebSocketClient;
import dev.weft.flow.Message;
import dev.weft.flow.MessagePublisher;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

import java.net.URI;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * The Reactive Streams TCK's publisher rules for {@link MessagePublisher}, each publisher a real
 * connection to a server that sends the TCK's number of messages. The TCK's timeouts are raised
 * from its 100 ms default: real sockets on two busy cores.
 */
public class MessagePublisherTckTest extends FlowPublisherVerification<Message> {
    private CountingServer server;
    private WebSocketClient client;

    public MessagePublisherTckTest() {
        super(new TestEnvironment(3000, 500), 3000);
    }

    @BeforeClass
    public void startServer() throws Exception {
        server = new CountingServer();
        client = WebSocketClient.create();
    }

    @AfterClass
    public void stopServer() {
        client.close();
        server.close();
    }

    @Override
    public Flow.Publisher<Message> createFlowPublisher(long elements) {
        return connect(server.url("/count/" + (elements >= Integer.MAX_VALUE ? "forever" : Long.toString(elements))));
    }

    @Override
    public Flow.Publisher<Message> createFailedFlowPublisher() {
        return connect(server.url("/fail"));
    }

    private Flow.Publisher<Message> connect(String url) {
        MessagePublisher publisher = new MessagePublisher();
        try {
            client.connect(URI.create(url), publisher).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not connect to " + url, e);
        }
        return publisher;
    }
}
