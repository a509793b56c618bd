package floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The smallest Java Lambda: answers every API Gateway proxy event at once, like the other floors
 * (201 for POST, 204 for DELETE, else 200). A stream handler, as the Kotlin runtime's entry is, so
 * the floor pays for the JVM and the runtime interface client but loads no JSON library.
 */
public final class Handler implements RequestStreamHandler {
    private static final byte[] OK = reply(200);
    private static final byte[] CREATED = reply(201);
    private static final byte[] NO_CONTENT = "{\"statusCode\":204,\"body\":\"\"}".getBytes(StandardCharsets.UTF_8);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        output.write(event.contains("\"httpMethod\":\"DELETE\"") ? NO_CONTENT : event.contains("\"httpMethod\":\"POST\"") ? CREATED : OK);
    }

    private static byte[] reply(int status) {
        return ("{\"statusCode\":" + status + ",\"headers\":{\"content-type\":\"application/json\"},"
                + "\"body\":\"{\\\"id\\\":\\\"00000000-0000-4000-8000-000000000000\\\"}\"}").getBytes(StandardCharsets.UTF_8);
    }
}
