package dev.spotplay.provider.aws;

import dev.spotplay.diag.UserError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * The groups' machine images, looked up once per command in one call: a missing image is a
 * plan error (before anything is created), and a root volume needs the image's root device name.
 */
final class Images {
    private final Ec2Client ec2;
    private final Map<String, Image> byId = new HashMap<>();

    Images(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** Looks up every image not looked up yet; an image the region does not have is refused. */
    synchronized void check(List<String> ids) {
        List<String> missing = new TreeSet<>(ids).stream().filter(id -> id != null && !id.isEmpty() && !byId.containsKey(id)).toList();
        if (missing.isEmpty()) {
            return;
        }
        try {
            ec2.describeImages(b -> b.imageIds(missing)).images().forEach(i -> byId.put(i.imageId(), i));
        } catch (AwsServiceException e) {
            String code = ApiErrors.code(e);
            if (code == null || !code.startsWith("InvalidAMIID")) {
                throw e;
            }
        }
        List<String> unknown = missing.stream().filter(id -> !byId.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw new UserError("Image " + String.join(", ", unknown) + " was not found in this region. AMI ids differ "
                    + "per region: look up the image for this region (aws ec2 describe-images) and set it as the group's image.");
        }
    }

    /** The image's root device ({@code /dev/sda1}, {@code /dev/xvda}), for a root volume of another size or type. */
    synchronized String rootDevice(String id) {
        check(List.of(id));
        String device = byId.get(id).rootDeviceName();
        if (device == null) {
            throw new UserError("Image " + id + " names no root device, so its root volume cannot be sized; remove the group's volume.");
        }
        return device;
    }
}
