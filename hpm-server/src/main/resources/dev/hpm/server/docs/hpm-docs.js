// Starts Swagger UI on HPM's OpenAPI document. A file, not an inline script: the page's
// Content-Security-Policy allows scripts from this server only.
window.addEventListener('load', () => {
  window.ui = SwaggerUIBundle({
    url: '/zhpm/wsapi/v1/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    validatorUrl: null,
  });
});
