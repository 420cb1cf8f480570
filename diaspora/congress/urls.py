from django.urls import path

from . import views, vote_views

urlpatterns = [
    path("<int:event_id>/", views.overview, name="congress"),
    path("<int:event_id>/quotas/", views.quotas, name="congress_quotas"),
    path("<int:event_id>/nominations/", views.nomination_list, name="congress_nominations"),
    path(
        "<int:event_id>/nominations/<int:nomination_id>/mandate/",
        views.mandate,
        name="congress_mandate",
    ),
    path("<int:event_id>/commission/", views.commission, name="congress_commission"),
    path("<int:event_id>/review/", views.review, name="congress_review"),
    path(
        "<int:event_id>/review/<int:nomination_id>/",
        views.decide,
        name="congress_decide",
    ),
    path("<int:event_id>/report/", views.report, name="congress_report"),
    path("<int:event_id>/badges.pdf", views.badges_pdf, name="congress_badges"),
    path(
        "<int:event_id>/accreditations/<int:accreditation_id>/photo/",
        views.photo,
        name="congress_photo",
    ),
    path(
        "<int:event_id>/accreditations/<int:accreditation_id>/photo.jpg",
        views.photo_file,
        name="congress_photo_file",
    ),
    path("<int:event_id>/agenda/", vote_views.agenda, name="congress_agenda"),
    path(
        "<int:event_id>/motions/<int:motion_id>/open/",
        vote_views.motion_step,
        {"step": "open"},
        name="congress_motion_open",
    ),
    path(
        "<int:event_id>/motions/<int:motion_id>/close/",
        vote_views.motion_step,
        {"step": "close"},
        name="congress_motion_close",
    ),
    path(
        "<int:event_id>/motions/<int:motion_id>/projector/",
        vote_views.projector,
        name="congress_projector",
    ),
    path("a/<str:token>/", vote_views.delegate, name="congress_delegate"),
    path("a/<str:token>/motions/<int:motion_id>/", vote_views.vote, name="congress_vote"),
]
