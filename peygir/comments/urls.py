from django.urls import path  # noqa: F401

app_name = "comments"
urlpatterns: list = []  # type: ignore[type-arg]
