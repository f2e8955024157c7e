package dev.spotplay.provider.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Our own limiter, below EC2's per-account token buckets, so that spotplay alone never
 * provokes throttling: every attempt (retries included) takes a token from its action's bucket
 * and waits when the bucket is empty. Sizes and refill rates follow EC2's documented defaults
 * (bucket / per second): RunInstances 5/2, TerminateInstances 100/5, CreateTags 100/10,
 * Describe* 100/20, other mutating actions 50/5.
 */
final class RateLimits implements ExecutionInterceptor {

    /** A token bucket; {@link #take} blocks until a token is there. */
    static final class Bucket {
        private final double capacity;
        private final double perSecond;
        private double tokens;
        private long last = System.nanoTime();

        Bucket(double capacity, double perSecond) {
            this.capacity = capacity;
            this.perSecond = perSecond;
            this.tokens = capacity;
        }

        /** Takes a token, returning how long it waited in milliseconds. */
        synchronized long take() {
            long waited = 0;
            while (true) {
                long now = System.nanoTime();
                tokens = Math.min(capacity, tokens + (now - last) / 1e9 * perSecond);
                last = now;
                if (tokens >= 1) {
                    tokens -= 1;
                    return waited;
                }
                long sleep = (long) Math.ceil((1 - tokens) / perSecond * 1000);
                try {
                    wait(Math.max(1, sleep));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return waited;
                }
                waited += sleep;
            }
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    static String category(String operation) {
        if (operation == null) {
            return "other";
        }
        if (operation.equals("RunInstances") || operation.equals("TerminateInstances") || operation.equals("CreateTags")) {
            return operation;
        }
        return operation.startsWith("Describe") ? "describe" : "mutating";
    }

    Bucket bucket(String operation) {
        return buckets.computeIfAbsent(category(operation), c -> switch (c) {
            case "RunInstances" -> new Bucket(5, 2);
            case "TerminateInstances" -> new Bucket(100, 5);
            case "CreateTags" -> new Bucket(100, 10);
            case "describe" -> new Bucket(100, 20);
            default -> new Bucket(50, 5);
        });
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        bucket(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)).take();
    }
}
