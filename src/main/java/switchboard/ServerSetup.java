package switchboard;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.concurrent.atomic.AtomicInteger;
import switchboard.ops.Telemetry;
import switchboard.web.AcceptedConnections;
import switchboard.web.Json;

/** How the node's Jetty is set up beyond Javalin's defaults, and how it counts the requests a drain waits for. */
final class ServerSetup {
    private static final int ACCEPT_QUEUE = 4096;
    private static final String IN_FLIGHT = "switchboard.inFlight";
    private static final String STARTED = "switchboard.started";

    private ServerSetup() {
    }

    /**
     * Virtual threads, our JSON mapper, the WebJars and {@code /static}; Jetty with a short stop
     * timeout, a deep accept queue, and the connection meters once the connectors exist.
     */
    static void configure(JavalinConfig cfg, Telemetry telemetry, AcceptedConnections accepted) {
        cfg.concurrency.useVirtualThreads = true;
        cfg.startup.showJavalinBanner = false;
        // A known address asked with a method it does not take: 405 with Allow (Errors), not 404.
        cfg.http.prefer405over404 = true;
        cfg.jsonMapper(new io.javalin.json.JavalinJackson(Json.MAPPER, true));
        cfg.staticFiles.enableWebjars();
        cfg.staticFiles.add(files -> {
            files.hostedPath = "/static";
            files.directory = "/static";
            files.location = Location.CLASSPATH;
        });
        // Streams are closed before the server stops, so waiting long for them buys nothing.
        cfg.jetty.modifyServer(jetty -> {
            jetty.setStopTimeout(2_000);
            // Requests Jetty refuses itself (414, 431) get the security headers and a plain message.
            jetty.setErrorHandler(new switchboard.web.JettyErrors());
            // A reconnect storm opens thousands of streams at once: a deeper accept queue
            // takes them instead of dropping SYNs that clients only retry after seconds.
            jetty.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                    for (var connector : jetty.getConnectors()) {
                        if (connector instanceof org.eclipse.jetty.server.ServerConnector server) {
                            server.setAcceptQueueSize(ACCEPT_QUEUE);
                        }
                    }
                    telemetry.watchConnections(jetty);
                    accepted.watch(jetty);
                }
            });
        });
    }

    /** Requests in flight, streams aside (a draining node waits for them), every request's time for the metrics, and no type on a 204. */
    static void countRequests(JavalinConfig cfg, Telemetry telemetry, AtomicInteger inFlight) {
        cfg.routes.before(ctx -> {
            ctx.attribute(STARTED, System.nanoTime());
            if (!ctx.path().equals("/live")) {
                inFlight.incrementAndGet();
                ctx.attribute(IN_FLIGHT, true);
            }
        });
        cfg.routes.after(ctx -> {
            if (ctx.statusCode() == 204) {
                ctx.res().setContentType(null); // Javalin types every answer text/plain; a 204 has no body to type
            }
            Long started = ctx.attribute(STARTED);
            if (started != null) {
                telemetry.record(ctx, started);
            }
            if (ctx.attribute(IN_FLIGHT) != null) {
                ctx.attribute(IN_FLIGHT, null);
                inFlight.decrementAndGet();
            }
        });
    }
}
