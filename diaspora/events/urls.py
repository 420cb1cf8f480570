from django.urls import path

from . import registration_exports, views, world_views
from .attendance import views as attendance_views

urlpatterns = [
    path("", views.event_list, name="events"),
    path("new/", views.event_new, name="event_new"),
    path("world-day/", world_views.world_day, name="world_day"),
    path("world-day/reports/", world_views.world_day_reports, name="world_day_reports"),
    path("<int:event_id>/", views.event_detail, name="event"),
    path("<int:event_id>/edit/", views.event_edit, name="event_edit"),
    path("<int:event_id>/calendar.ics", views.event_calendar, name="event_calendar"),
    path("<int:event_id>/registrations/", views.event_registrations, name="event_registrations"),
    path(
        "<int:event_id>/registrations/export.<str:format>",
        registration_exports.registrations_export,
        name="registrations_export",
    ),
    path(
        "<int:event_id>/registrations/<int:registration_id>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("<int:event_id>/check-in/", views.check_in, name="check_in"),
    path("<int:event_id>/arrivals/", views.arrivals, name="arrivals"),
    path("<int:event_id>/report/", world_views.event_report, name="event_report"),
    path(
        "<int:event_id>/report/photos/<int:photo_id>/",
        world_views.report_photo,
        name="report_photo",
    ),
    path("<int:event_id>/attendance/", attendance_views.attendance, name="event_attendance"),
    path(
        "<int:event_id>/attendance/record/",
        attendance_views.attendance_commit,
        name="event_attendance_commit",
    ),
    path(
        "<int:event_id>/attendance/<int:attendance_id>/confirm/",
        attendance_views.attendance_decide,
        {"decision": "confirm"},
        name="event_attendance_confirm",
    ),
    path(
        "<int:event_id>/attendance/<int:attendance_id>/reject/",
        attendance_views.attendance_decide,
        {"decision": "reject"},
        name="event_attendance_reject",
    ),
    path("tickets/<str:token>/", views.ticket, name="ticket"),
    path("tickets/<str:token>/ticket.pdf", views.ticket_pdf, name="ticket_pdf"),
    path("tickets/<str:token>/cancel/", views.ticket_cancel, name="ticket_cancel"),
]
