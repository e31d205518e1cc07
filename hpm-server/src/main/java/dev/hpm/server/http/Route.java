package dev.hpm.server.http;

import dev.hpm.server.security.Role;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One route of the API: what the OpenAPI document must describe, and what is registered. */
public record Route(HandlerType method, String path, Role role, Handler handler) {
}
