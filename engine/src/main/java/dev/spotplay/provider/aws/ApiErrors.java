package dev.spotplay.provider.aws;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Tells AWS errors apart: throttling (slow down and retry), lack of capacity (try another pool),
 * transient (retry), and the rest (a mistake to report). One place, so the retry strategy and
 * the launcher agree.
 */
final class ApiErrors {
    static final Set<String> THROTTLING = Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException",
            "ThrottledException", "RequestThrottledException", "TooManyRequestsException", "RequestThrottled",
            "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException", "BandwidthLimitExceeded");
    /** The pool (type × zone) has no room now: another pool may. */
    static final Set<String> CAPACITY = Set.of("InsufficientInstanceCapacity", "InsufficientHostCapacity",
            "InsufficientCapacity", "InsufficientCapacityOnHost", "SpotMaxPriceTooLow", "Unsupported",
            "InsufficientFreeAddressesInSubnet");
    static final Set<String> TRANSIENT = Set.of("InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable",
            "RequestTimeout", "RequestTimeoutException", "RequestExpired", "IDPCommunicationError");

    private ApiErrors() {}

    static String code(Throwable t) {
        return t instanceof AwsServiceException e && e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
    }

    static boolean throttling(Throwable t) {
        String code = code(t);
        return (code != null && THROTTLING.contains(code))
                || (t instanceof AwsServiceException e && e.statusCode() == 429);
    }

    static boolean capacity(Throwable t) {
        String code = code(t);
        return code != null && CAPACITY.contains(code);
    }

    static boolean retryable(Throwable t) {
        if (capacity(t)) {
            return false;
        }
        if (throttling(t)) {
            return true;
        }
        if (t instanceof AwsServiceException e) {
            String code = code(t);
            return (code != null && TRANSIENT.contains(code)) || (e.statusCode() >= 500 && !"Unsupported".equals(code));
        }
        // No answer at all (connection reset, timeout): the request may or may not have happened;
        // our ClientToken makes the retry safe.
        return t instanceof SdkClientException && !isCredentials(t);
    }

    static boolean isCredentials(Throwable t) {
        String m = t.getMessage();
        return m != null && (m.contains("Unable to load credentials") || m.contains("Unable to load region"));
    }

    /** One line for a person: the code, AWS's message, and what to do where we know. */
    static String describe(Throwable t) {
        if (t instanceof AwsServiceException e && e.awsErrorDetails() != null) {
            String code = e.awsErrorDetails().errorCode();
            String msg = e.awsErrorDetails().errorMessage();
            String hint = switch (code == null ? "" : code) {
                case "AuthFailure", "UnrecognizedClientException", "InvalidClientTokenId", "SignatureDoesNotMatch" ->
                        " Check your AWS credentials (AWS_PROFILE, ~/.aws/credentials, or the playbook's provider.profile).";
                case "UnauthorizedOperation", "AccessDenied", "AccessDeniedException" ->
                        " The credentials lack a permission spotplay needs (see README: what spotplay creates).";
                case "InvalidAMIID.NotFound", "InvalidAMIID.Malformed" ->
                        " Check the group's image: AMI ids differ per region.";
                case "VcpuLimitExceeded", "MaxSpotInstanceCountExceeded", "InstanceLimitExceeded" ->
                        " An account quota is reached: lower the counts or ask AWS for a higher limit.";
                default -> "";
            };
            return (code == null ? "" : code + ": ") + (msg == null ? e.getMessage() : msg) + hint;
        }
        if (isCredentials(t)) {
            return "no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
                    + "or name a profile under provider in the playbook";
        }
        if (t instanceof SdkException) {
            String m = t.getMessage();
            if (m != null && (m.contains("Connection refused") || m.contains("UnknownHost") || m.contains("connect timed out"))) {
                return m + "; is the AWS endpoint reachable (provider.endpoint, provider.region, your network)?";
            }
            return m;
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
