package dev.spotplay.provider.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy of the tests' own, on 127.0.0.1, between spotplay's AWS SDK and moto: it
 * counts every API call and plays the faults moto cannot: a response lost after the request
 * took effect, {@code RequestLimitExceeded} bursts, {@code InsufficientInstanceCapacity} for one
 * type or zone, slow answers, and (optionally) EC2's ClientToken idempotency, which moto lacks.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    /** One API call as the proxy sees it: the EC2 action and its parameters, or the EFS method and path. */
    public record Call(String action, Map<String, String> params, String method, String path) {
        public String param(String name) {
            return params.get(name);
        }
    }

    private enum Kind { LOSE_RESPONSE, ERROR, DELAY }

    private record Rule(Predicate<Call> when, Kind kind, AtomicInteger left, int status, String code, long delayMs) {}

    private final URI target;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger faults = new AtomicInteger();
    private final Map<String, byte[]> byToken = new ConcurrentHashMap<>();
    private volatile boolean idempotent;
    private final List<Map.Entry<Predicate<Call>, java.util.function.UnaryOperator<String>>> rewrites = new java.util.concurrent.CopyOnWriteArrayList<>();

    public FaultProxy(URI target) throws IOException {
        dev.spotplay.testing.Tier.requireIntegration("an HTTP proxy to moto");
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers a repeated RunInstances ClientToken with the first answer, as EC2 does. */
    public FaultProxy idempotentTokens(boolean on) {
        idempotent = on;
        return this;
    }

    /** The next {@code times} matching calls reach moto, but their answers never come back. */
    public synchronized FaultProxy loseResponse(Predicate<Call> when, int times) {
        rules.add(new Rule(when, Kind.LOSE_RESPONSE, new AtomicInteger(times), 0, null, 0));
        return this;
    }

    /** The next {@code times} matching calls fail with this EC2 error without reaching moto. */
    public synchronized FaultProxy error(Predicate<Call> when, int times, int status, String code) {
        rules.add(new Rule(when, Kind.ERROR, new AtomicInteger(times), status, code, 0));
        return this;
    }

    /** The next {@code times} matching calls are answered {@code millis} late. */
    public synchronized FaultProxy delay(Predicate<Call> when, int times, long millis) {
        rules.add(new Rule(when, Kind.DELAY, new AtomicInteger(times), 0, null, millis));
        return this;
    }

    /** Every matching call's answer is rewritten (e.g. a state reason moto cannot produce). */
    public FaultProxy rewrite(Predicate<Call> when, java.util.function.UnaryOperator<String> edit) {
        rewrites.add(Map.entry(when, edit));
        return this;
    }

    public synchronized void clearFaults() {
        rules.clear();
        rewrites.clear();
    }

    public static Predicate<Call> action(String action) {
        return c -> action.equals(c.action());
    }

    public int count(String action) {
        return counts.getOrDefault(action, new AtomicInteger()).get();
    }

    /** Calls per action, EC2 actions by name, EFS as {@code efs:METHOD}. */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** EC2 API calls so far. */
    public int ec2Calls() {
        return counts().entrySet().stream().filter(e -> !e.getKey().startsWith("efs:")).mapToInt(Map.Entry::getValue).sum();
    }

    public int faultsPlayed() {
        return faults.get();
    }

    public void resetCounts() {
        counts.clear();
    }

    private synchronized Rule match(Call call) {
        for (Rule r : rules) {
            if (r.left().get() > 0 && r.when().test(call)) {
                r.left().decrementAndGet();
                return r;
            }
        }
        return null;
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        Call call = parse(ex, body);
        counts.computeIfAbsent(call.action() != null ? call.action() : "efs:" + call.method(), k -> new AtomicInteger()).incrementAndGet();
        String token = "RunInstances".equals(call.action()) ? call.param("ClientToken") : null;
        if (idempotent && token != null && byToken.containsKey(token)) {
            send(ex, 200, "text/xml;charset=UTF-8", byToken.get(token));
            return;
        }
        Rule rule = match(call);
        if (rule != null) {
            faults.incrementAndGet();
        }
        if (rule != null && rule.kind() == Kind.ERROR) {
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + rule.code()
                    + "</Code><Message>injected by the test proxy</Message></Error></Errors><RequestID>fault-" + faults.get()
                    + "</RequestID></Response>";
            send(ex, rule.status(), "text/xml;charset=UTF-8", xml.getBytes(StandardCharsets.UTF_8));
            return;
        }
        HttpRequest.Builder fwd = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(120))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, vs) -> {
            if (!HOP_HEADERS.contains(k.toLowerCase())) {
                vs.forEach(v -> fwd.header(k, v));
            }
        });
        HttpResponse<byte[]> r;
        try {
            r = client.send(fwd.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (token != null && idempotent && r.statusCode() == 200) {
            byToken.put(token, r.body());
        }
        if (rule != null && rule.kind() == Kind.LOSE_RESPONSE) {
            // It happened at moto; the caller never hears of it. Closing without an answer drops the connection.
            ex.close();
            throw new IOException("response dropped by the test proxy");
        }
        if (rule != null && rule.kind() == Kind.DELAY) {
            try {
                Thread.sleep(rule.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String type = r.headers().firstValue("content-type").orElse("application/octet-stream");
        byte[] answer = r.body();
        for (var rw : rewrites) {
            if (rw.getKey().test(call)) {
                answer = rw.getValue().apply(new String(answer, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            }
        }
        send(ex, r.statusCode(), type, answer);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Call parse(HttpExchange ex, byte[] body) {
        Map<String, String> params = new TreeMap<>();
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return new Call(params.get("Action"), params, ex.getRequestMethod(), ex.getRequestURI().getPath());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
