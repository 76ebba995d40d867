package dev.weft.tck;

import dev.weft.flow.Message;
import dev.weft.flow.MessagePublisher;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

import java.util.concurrent.Flow;

/**
 * The Reactive Streams TCK's publisher rules for {@link MessagePublisher}, each publisher a real
 * connection to a server that sends the TCK's number of messages. The TCK's timeouts are raised
 * from its 100 ms default: real sockets on two busy cores.
 */
public class MessagePublisherTckTest extends FlowPublisherVerification<Message> {
    private CountingServer server;

    public MessagePublisherTckTest() {
        super(new TestEnvironment(3000, 500), 3000);
    }

    @BeforeClass
    public void startServer() throws Exception {
        server = new CountingServer();
    }

    @AfterClass
    public void stopServer() {
        server.close();
    }

    @Override
    public Flow.Publisher<Message> createFlowPublisher(long elements) {
        return connect("/count/" + (elements >= Integer.MAX_VALUE ? "forever" : Long.toString(elements)));
    }

    @Override
    public Flow.Publisher<Message> createFailedFlowPublisher() {
        return connect("/fail");
    }

    private Flow.Publisher<Message> connect(String path) {
        MessagePublisher publisher = new MessagePublisher();
        server.connect(path, publisher);
        return publisher;
    }
}
