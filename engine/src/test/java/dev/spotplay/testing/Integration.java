package dev.spotplay.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The integration tier: the test uses a real component (an H2 file, MINA in-process, OpenSSH
 * sshd, moto, ansible-inventory, a local process or socket). {@code mvn -Punit} leaves these
 * out; an untagged test is a unit test, and the fixtures refuse to start under the unit tier
 * ({@link Tier}), so a missing tag fails the unit build instead of slowing it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(Tier.INTEGRATION)
public @interface Integration {}
