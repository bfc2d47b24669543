package com.example.sensors;

import reactor.netty.http.client.HttpClient;

import java.time.Duration;

/** The application's code under test: asks a service's health endpoint with Reactor Netty. */
public final class HealthProbe {

    private HealthProbe() {
    }

    /** The HTTP status of {@code GET url}. */
    public static int status(String url) {
        Integer status = HttpClient.create().get().uri(url)
                .response((response, body) -> body.then(reactor.core.publisher.Mono.just(response.status().code())))
                .blockLast(Duration.ofSeconds(10));
        return status == null ? -1 : status;
    }
}
