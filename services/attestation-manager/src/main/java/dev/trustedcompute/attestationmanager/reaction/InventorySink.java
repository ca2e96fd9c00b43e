package dev.trustedcompute.attestationmanager.reaction;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends status updates to the Edge Infrastructure Manager over HTTP. 2xx is delivered; 408, 429, 5xx and I/O
 * failures are retried; any other 4xx is a permanent refusal.
 */
public final class InventorySink implements OutboxSink {
    private final URI endpoint;
    private final String token;
    private final Duration timeout;
    private final JsonMapper json;
    private final HttpClient http;

    public InventorySink(URI baseUrl, String token, Duration timeout, JsonMapper json) {
        this.endpoint = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/attestation-status");
        this.token = token;
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public OutboxChannel channel() {
        return OutboxChannel.INVENTORY;
    }

    @Override
    public Delivery deliver(OutboxEntry entry) {
        InventoryUpdate update = InventoryUpdate.of(entry, json.readValue(entry.payload(), InventoryStatus.class));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", update.eventId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(update)));
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                return new Delivery.Delivered();
            }
            if (status == 408 || status == 429 || status >= 500) {
                return new Delivery.Retry("inventory answered " + status);
            }
            return new Delivery.Dropped("inventory refused the update with " + status);
        } catch (IOException e) {
            return new Delivery.Retry("inventory unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.Retry("interrupted");
        }
    }
}
