"""The API mounted where the project mounts it, without the other apps' pages.

The API's tests use this so that they test the API alone, whatever state the pages are in.
"""

from django.urls import include, path

urlpatterns = [path("api/v1/", include("peygir.api.urls"))]
