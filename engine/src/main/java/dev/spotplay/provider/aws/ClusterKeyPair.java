package dev.spotplay.provider.aws;

import dev.spotplay.diag.UserError;
import dev.spotplay.plan.AttributeChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The cluster's EC2 key pair, {@code spotplay-<cluster>}: the public half of the key spotplay
 * logs in with, imported (and tagged), unless the playbook names an existing key pair, which
 * spotplay then uses and never changes or deletes.
 */
final class ClusterKeyPair {
    private final Ec2Client ec2;
    private final AwsSettings settings;
    private final String cluster;
    private Boolean keyThere;
    private String importedKey;

    ClusterKeyPair(Ec2Client ec2, AwsSettings settings, String cluster) {
        this.ec2 = ec2;
        this.settings = settings;
        this.cluster = cluster;
    }

    String name() {
        return "spotplay-" + cluster;
    }

    String keyName() {
        return settings.keyPair() != null ? settings.keyPair() : name();
    }

    boolean ownsKey() {
        return settings.keyPair() == null;
    }

    /** Asked once per command: the plan's look serves the apply that follows it (the state lock keeps others out). */
    synchronized boolean keyExists() {
        if (keyThere == null) {
            var r = ec2.describeKeyPairs(b -> b.includePublicKey(true)
                    .filters(Filter.builder().name("key-name").values(keyName()).build()));
            keyThere = !r.keyPairs().isEmpty();
            importedKey = keyThere ? r.keyPairs().get(0).publicKey() : null;
        }
        return keyThere;
    }

    /**
     * True if the cluster's key pair exists but holds another key than {@code privateKey}'s (the
     * local key was lost or made again): nodes launched with it would never let spotplay in.
     * A missing local key counts as different (a new one will be made).
     */
    synchronized boolean keyDiffers(Path privateKey) {
        if (!ownsKey() || !keyExists() || importedKey == null) {
            return false;
        }
        String local = blob(readQuietly(Path.of(privateKey + ".pub")));
        return local == null || !local.equals(blob(importedKey));
    }

    /**
     * The key the key pair holds and the one apply imports, as SHA256 fingerprints, for the plan's
     * {@code ~ key_pair} line; "a new key" when the local key is missing (apply makes one).
     */
    synchronized AttributeChange keyChange(Path privateKey) {
        keyExists();
        String held = fingerprint(importedKey);
        String local = fingerprint(readQuietly(Path.of(privateKey + ".pub")));
        return new AttributeChange("public_key", held == null ? "unknown" : held, local == null ? "a new key" : local);
    }

    /** {@code SHA256:...} as {@code ssh-keygen -l} prints it, or null for no readable key. */
    static String fingerprint(String line) {
        String blob = blob(line);
        if (blob == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(blob));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (IllegalArgumentException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The base64 key of an OpenSSH public key line ({@code ssh-ed25519 AAAA... comment}), or null. */
    static String blob(String line) {
        if (line == null) {
            return null;
        }
        String[] parts = line.strip().split("\\s+");
        return parts.length >= 2 ? parts[1] : null;
    }

    private static String readQuietly(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.readString(p) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Imports the public key beside {@code privateKey} as the cluster's key pair, unless it is
     * there with that key; one holding another key is replaced (running instances keep the key
     * they booted with).
     */
    void ensureKey(Path privateKey) throws IOException {
        if (!ownsKey()) {
            return;
        }
        if (keyExists()) {
            if (!keyDiffers(privateKey)) {
                return;
            }
            ec2.deleteKeyPair(b -> b.keyName(name()));
            keyThere = false;
        }
        Path pub = Path.of(privateKey + ".pub");
        if (!Files.isRegularFile(pub)) {
            throw new UserError("The public key " + pub + " is missing beside " + privateKey
                    + "; spotplay imports it as the cluster's EC2 key pair (ssh-keygen -y -f KEY > KEY.pub makes it).");
        }
        byte[] material = Files.readString(pub).strip().getBytes(StandardCharsets.US_ASCII);
        try {
            ec2.importKeyPair(b -> b.keyName(name()).publicKeyMaterial(SdkBytes.fromByteArray(material))
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.KEY_PAIR)
                            .tags(Tag.builder().key(Tags.CLUSTER).value(cluster).build(),
                                    Tag.builder().key(Tags.CREATOR).value(Tags.creator()).build()).build()));
            keyThere = true;
            importedKey = new String(material, StandardCharsets.US_ASCII);
        } catch (AwsServiceException e) {
            if (!"InvalidKeyPair.Duplicate".equals(ApiErrors.code(e))) {
                throw e;
            }
        }
    }

    /** Deletes the key pair {@link #ensureKey} imported; an absent one is fine. */
    void delete() {
        if (ownsKey()) {
            ec2.deleteKeyPair(b -> b.keyName(name()));
            keyThere = false;
        }
    }
}
