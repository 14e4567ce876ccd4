from django.urls import path

from peygir.extraction import views

app_name = "extraction"
urlpatterns = [
    path("", views.source_choice, name="choose"),
    path("<int:pk>/", views.extract, name="extract"),
]
