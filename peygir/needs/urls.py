from django.urls import path

from peygir.needs import views

app_name = "needs"
urlpatterns = [
    path("", views.index, name="index"),
    path("lists/<int:pk>/", views.list_detail, name="list"),
    path("lists/<int:pk>/submit/", views.list_submit, name="list_submit"),
    path("lists/<int:pk>/return/", views.list_return, name="list_return"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("dossiers/new/", views.dossier_new, name="dossier_new"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/pdf/", views.dossier_export_pdf, name="dossier_pdf"),
    path("dossiers/<int:pk>/xlsx/", views.dossier_export_xlsx, name="dossier_xlsx"),
    path("desk/", views.desk, name="desk"),
]
