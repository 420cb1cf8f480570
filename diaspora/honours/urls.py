from django.urls import path

from . import views

urlpatterns = [
    path("", views.honours_home, name="honours"),
    path("register/", views.register, name="honours_register"),
    path("nominate/", views.nominate_pick, name="nominate_pick"),
    path("nominate/<int:person_id>/", views.nominate, name="nominate"),
    path("nominations/<int:nomination_id>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:nomination_id>/ask/", views.ask, name="nomination_ask"),
    path("nominations/<int:nomination_id>/endorse/", views.endorse, name="nomination_endorse"),
    path("nominations/<int:nomination_id>/review/", views.review, name="nomination_review"),
    path("nominations/<int:nomination_id>/decide/", views.decide, name="nomination_decide"),
    path(
        "nominations/<int:nomination_id>/certificate.pdf",
        views.certificate,
        name="nomination_certificate",
    ),
    path(
        "nominations/<int:nomination_id>/attachments/<int:attachment_id>/",
        views.attachment,
        name="nomination_attachment",
    ),
    path("rounds/new/", views.round_new, name="honours_round_new"),
    path("rounds/<int:round_id>/", views.round_detail, name="honours_round"),
]
