from django.urls import path

from . import views

urlpatterns = [
    path("", views.chronicle, name="chronicle"),
    path("<slug:slug>/", views.act, name="chronicle_act"),
]
