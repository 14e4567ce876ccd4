from django.urls import path  # noqa: F401

app_name = "workspace"
urlpatterns: list = []  # type: ignore[type-arg]
