package dev.spotplay.provider.aws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Throttling is retried and slowed down; lack of capacity is not retried (another pool is tried); mistakes are reported. */
class ApiErrorsTest {
    private static AwsServiceException error(int status, String code) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build()).build();
    }

    @Test
    void throttlingIsRetriedAsThrottling() {
        AwsServiceException e = error(503, "RequestLimitExceeded");
        assertTrue(ApiErrors.throttling(e));
        assertTrue(ApiErrors.retryable(e));
        assertFalse(ApiErrors.capacity(e));
    }

    @Test
    void lackOfCapacityIsNotRetriedThoughItIsA500() {
        AwsServiceException e = error(500, "InsufficientInstanceCapacity");
        assertTrue(ApiErrors.capacity(e));
        assertFalse(ApiErrors.retryable(e));
        assertFalse(ApiErrors.throttling(e));
    }

    @Test
    void aLostAnswerIsRetriedAndAMistakeIsNot() {
        assertTrue(ApiErrors.retryable(SdkClientException.create("Unexpected end of file", new IOException("reset"))));
        assertTrue(ApiErrors.retryable(error(500, "InternalError")));
        assertFalse(ApiErrors.retryable(error(400, "InvalidAMIID.NotFound")));
        assertTrue(ApiErrors.describe(error(400, "InvalidAMIID.NotFound")).contains("AMI ids differ per region"));
        assertTrue(ApiErrors.describe(error(401, "AuthFailure")).contains("Check your AWS credentials"));
    }
}
