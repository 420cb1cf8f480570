from django.urls import path

from . import organisation_views, views

urlpatterns = [
    path("", views.imports, name="imports"),
    path("organisations/", organisation_views.organisation_list, name="organisation-lists"),
    path("<int:pk>/", views.batch, name="import"),
    path("<int:pk>/commit/", views.commit, name="import-commit"),
]
