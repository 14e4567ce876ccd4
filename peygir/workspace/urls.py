from django.urls import path

from peygir.workspace.views import account as account
from peygir.workspace.views import actions as actions
from peygir.workspace.views import auth as auth
from peygir.workspace.views import files as files
from peygir.workspace.views import followup as followup
from peygir.workspace.views import overview as overview
from peygir.workspace.views import resolutions as resolutions
from peygir.workspace.views import sources as sources

app_name = "workspace"
urlpatterns = [
    path("", overview.home, name="home"),
    path("login/", auth.login_view, name="login"),
    path("login/code/", auth.login_code_view, name="login_code"),
    path("logout/", auth.logout_view, name="logout"),
    path("account/two-factor/", account.two_factor_view, name="two_factor"),
    path("overview/", overview.province_overview, name="overview"),
    path("weekly/", overview.weekly_list, name="weekly"),
    path("inbox/", resolutions.inbox, name="inbox"),
    path("resolutions/", resolutions.resolution_list, name="resolution_list"),
    path("resolutions/<int:pk>/", resolutions.resolution_detail, name="resolution_detail"),
    path("places/", resolutions.place_options, name="place_options"),
    path("resolutions/<int:pk>/respond/", actions.respond, name="respond"),
    path("resolutions/<int:pk>/progress/", actions.report_progress, name="progress"),
    path("resolutions/<int:pk>/status/", actions.change_status, name="status"),
    path("resolutions/<int:pk>/deadline/", actions.revise_deadline, name="deadline"),
    path("resolutions/<int:pk>/revision/", actions.request_revision, name="request_revision"),
    path(
        "resolutions/<int:pk>/revision/<int:revision_pk>/decide/",
        actions.decide_revision,
        name="decide_revision",
    ),
    path("resolutions/<int:pk>/letter/", followup.record_letter, name="letter"),
    path("resolutions/<int:pk>/visit/", followup.record_visit, name="visit"),
    path("evidence/<int:pk>/", files.evidence_download, name="evidence"),
    path("attachments/<int:pk>/", files.attachment_download, name="attachment"),
    path("sources/", sources.source_list, name="source_list"),
    path("sources/new/", sources.source_create, name="source_create"),
    path("sources/<int:pk>/", sources.source_detail, name="source_detail"),
    path("sources/<int:pk>/resolutions/", sources.resolutions_bulk, name="resolutions_bulk"),
]
