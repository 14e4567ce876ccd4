from django.urls import path  # noqa: F401

app_name = "needs"
urlpatterns: list = []  # type: ignore[type-arg]
