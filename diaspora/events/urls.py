from django.urls import path

from . import views, world_views

urlpatterns = [
    path("", views.event_list, name="events"),
    path("new/", views.event_new, name="event_new"),
    path("cities/", views.event_cities, name="event_cities"),
    path("world-day/", world_views.world_day, name="world_day"),
    path("world-day/reports/", world_views.world_day_reports, name="world_day_reports"),
    path("<int:event_id>/", views.event_detail, name="event"),
    path("<int:event_id>/edit/", views.event_edit, name="event_edit"),
    path("<int:event_id>/calendar.ics", views.event_calendar, name="event_calendar"),
    path("<int:event_id>/registrations/", views.event_registrations, name="event_registrations"),
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
    path("tickets/<str:token>/", views.ticket, name="ticket"),
    path("tickets/<str:token>/ticket.pdf", views.ticket_pdf, name="ticket_pdf"),
    path("tickets/<str:token>/cancel/", views.ticket_cancel, name="ticket_cancel"),
]
