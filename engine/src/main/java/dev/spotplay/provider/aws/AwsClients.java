package dev.spotplay.provider.aws;

import dev.spotplay.diag.UserError;
import dev.spotplay.diag.LoopbackGuard;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;

/**
 * Builds the EC2 and EFS clients: the default credentials and region chains (or the playbook's
 * profile, region and endpoint), the JDK's HTTP client, and a retry strategy of our own.
 *
 * <p>Retries: throttling ({@code RequestLimitExceeded} and kin) and transient failures (I/O
 * errors, 5xx) are retried by the SDK, up to {@link #ATTEMPTS} attempts with exponential
 * backoff and full jitter, throttling with a longer base delay. Lack of capacity
 * ({@code InsufficientInstanceCapacity}, an HTTP 500) is not retried here: retrying the same
 * pool rarely helps, so the launcher moves on to another type or zone instead. Because every
 * launch carries our own ClientToken, a retry after a lost response cannot launch twice on EC2.
 * {@link RateLimits} keeps spotplay's own pace below EC2's buckets.
 */
final class AwsClients implements AutoCloseable {
    static final int ATTEMPTS = 10;

    private final SdkHttpClient http;
    private final Ec2Client ec2;
    private final EfsClient efs;
    private final Region region;

    AwsClients(AwsSettings settings) {
        if (LoopbackGuard.active() && settings.endpoint() == null) {
            throw new UserError(LoopbackGuard.ENV + " is set, and the playbook has no provider endpoint: "
                    + "refusing to talk to the real AWS. Point \"endpoint\" at an emulator on loopback.");
        }
        if (settings.endpoint() != null) {
            try {
                LoopbackGuard.check(settings.endpoint().getHost(), "the AWS API");
            } catch (IllegalStateException refused) {
                throw new UserError(refused.getMessage() + ". Point provider.endpoint at loopback, or unset " + LoopbackGuard.ENV + ".");
            }
        }
        this.region = region(settings);
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
        ClientOverrideConfiguration override = ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy())
                .apiCallTimeout(Duration.ofMinutes(5))
                .apiCallAttemptTimeout(Duration.ofSeconds(60))
                .addExecutionInterceptor(new LoopbackInterceptor())
                .addExecutionInterceptor(new RateLimits())
                .build();
        AwsCredentialsProvider credentials = credentials(settings);
        var ec2Builder = Ec2Client.builder().httpClient(http).region(region).credentialsProvider(credentials)
                .overrideConfiguration(override);
        var efsBuilder = EfsClient.builder().httpClient(http).region(region).credentialsProvider(credentials)
                .overrideConfiguration(override);
        if (settings.endpoint() != null) {
            ec2Builder.endpointOverride(settings.endpoint());
            efsBuilder.endpointOverride(settings.endpoint());
        }
        this.ec2 = ec2Builder.build();
        this.efs = efsBuilder.build();
    }

    static RetryStrategy retryStrategy() {
        return DefaultRetryStrategy.standardStrategyBuilder()
                .useClientDefaults(false)
                .maxAttempts(ATTEMPTS)
                .circuitBreakerEnabled(false)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(200), Duration.ofSeconds(10)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(20)))
                .retryOnException(ApiErrors::retryable)
                .treatAsThrottling(ApiErrors::throttling)
                .build();
    }

    private static Region region(AwsSettings settings) {
        if (settings.region() != null) {
            return Region.of(settings.region());
        }
        if (LoopbackGuard.active()) {
            return Region.of(AwsSettings.DEFAULT_REGION); // never ask instance metadata (169.254.169.254)
        }
        try {
            var chain = DefaultAwsRegionProviderChain.builder();
            if (settings.profile() != null) {
                chain.profileName(settings.profile());
            }
            return chain.build().getRegion();
        } catch (RuntimeException none) {
            throw new UserError("No AWS region: set \"region\" under provider in the playbook, or AWS_REGION, "
                    + "or a region in your AWS profile.");
        }
    }

    private static AwsCredentialsProvider credentials(AwsSettings settings) {
        if (settings.profile() != null) {
            return ProfileCredentialsProvider.create(settings.profile());
        }
        if (LoopbackGuard.active()) {
            // The default chain ends at instance metadata, which is not on loopback.
            return AwsCredentialsProviderChain.of(EnvironmentVariableCredentialsProvider.create(),
                    SystemPropertyCredentialsProvider.create());
        }
        return DefaultCredentialsProvider.builder().build();
    }

    Ec2Client ec2() {
        return ec2;
    }

    EfsClient efs() {
        return efs;
    }

    String region() {
        return region.id();
    }

    @Override
    public void close() {
        ec2.close();
        efs.close();
        http.close();
    }

    /** The last line of defence: every request's host is checked just before it is sent. */
    private static final class LoopbackInterceptor implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            LoopbackGuard.check(context.httpRequest().host(), "the AWS API");
        }
    }
}
