from django.urls import path

from peygir.reports import views

app_name = "reports"
SLUGS = ["fulfilment", "overdue", "letters", "scorecard", "trends", "credit"]

urlpatterns = [
    path("", views.dashboard, {"slug": "fulfilment"}, name="fulfilment"),
    path("weekly/pdf/", views.weekly_report, name="weekly_pdf"),
]
for slug in SLUGS:
    if slug != "fulfilment":
        urlpatterns.append(path(f"{slug}/", views.dashboard, {"slug": slug}, name=slug))
    urlpatterns += [
        path(f"{slug}/excel/", views.dashboard_excel, {"slug": slug}, name=f"{slug}_excel"),
        path(f"{slug}/pdf/", views.dashboard_pdf_view, {"slug": slug}, name=f"{slug}_pdf"),
    ]
