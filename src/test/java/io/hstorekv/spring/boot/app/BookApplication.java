package io.hstorekv.spring.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/** A Spring Boot application as our users write one: caching enabled, Flyway migrations of its own, Actuator. */
@SpringBootApplication
@EnableCaching
public class BookApplication {}
