from django.urls import path

from . import dashboard_views, report_views

urlpatterns = [
    path("", dashboard_views.dashboard_page, name="dashboard"),
]

# Mounted at /<language>/reports/ by the root urls.
report_urlpatterns = [
    path("", report_views.reports, name="reports"),
    path("open/", report_views.open_report, name="report_open"),
    path("<int:year>/<slug:node>/", report_views.report, name="report"),
    path("<int:year>/<slug:node>/report.pdf", report_views.report_pdf, name="report_pdf"),
    path("<int:year>/<slug:node>/report.docx", report_views.report_docx, name="report_docx"),
    path("<int:year>/<slug:node>/publish/", report_views.publish, name="report_publish"),
    path(
        "<int:year>/<slug:node>/figures/<str:key>/",
        report_views.figure_records,
        name="report_figure",
    ),
]
