"""The REST API at /api/v1/, with its OpenAPI schema."""
