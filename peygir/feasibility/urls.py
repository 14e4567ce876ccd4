from django.urls import path

from peygir.feasibility import views

app_name = "feasibility"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/assess/", views.assess, name="assess"),
    path("<int:pk>/checklist/", views.checklist, name="checklist"),
    path("<int:pk>/publish/", views.publish, name="publish"),
]
