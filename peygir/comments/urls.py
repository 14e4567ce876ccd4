from django.urls import path

from peygir.comments import moderate, views

app_name = "comments"
urlpatterns = [
    path("post/", views.post, name="post"),
    path("appeal/<str:token>/", views.appeal, name="appeal"),
    path("report/", views.report, name="report"),
    path("report/<int:year>/<int:month>/", views.report, name="report-month"),
    path("moderate/", moderate.queue, name="moderate"),
    path("moderate/<int:pk>/decide/", moderate.decide, name="decide"),
    path("moderate/bulk/", moderate.bulk, name="bulk"),
]
