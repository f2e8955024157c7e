package dev.spotplay.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/** The end-to-end tier: the test drives the built {@code ./spotplay} (dist's {@code *IT}, run by failsafe). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag(Tier.END_TO_END)
public @interface EndToEnd {}
