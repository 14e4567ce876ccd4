from django.urls import path

from peygir.spreadsheets import views

app_name = "spreadsheets"
urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="confirm"),
]
for _list in ("resolutions", "inbox"):
    for _fmt in ("xlsx", "csv", "pdf"):
        urlpatterns.append(
            path(
                f"export/{_list}.{_fmt}",
                views.export_view(inbox=_list == "inbox", fmt=_fmt),
                name=f"export_{_list}_{_fmt}",
            )
        )
