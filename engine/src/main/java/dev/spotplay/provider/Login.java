package dev.spotplay.provider;

import java.nio.file.Path;

/**
 * How to log in to one node, where the provider knows it per node (a static inventory's
 * {@code ansible_user} and {@code ansible_ssh_private_key_file}). A null field means "as the
 * playbook's {@code ssh:} block says, else the provider's default".
 */
public record Login(String user, Path privateKey) {
    public static final Login DEFAULT = new Login(null, null);
}
