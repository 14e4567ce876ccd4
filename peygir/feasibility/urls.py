from django.urls import path  # noqa: F401

app_name = "feasibility"
urlpatterns: list = []  # type: ignore[type-arg]
