from django.urls import path

from peygir.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("<int:pk>/steps/", views.steps, name="steps"),
]
