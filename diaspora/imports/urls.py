from django.urls import path

from . import views

urlpatterns = [
    path("", views.imports, name="imports"),
    path("<int:pk>/", views.batch, name="import"),
    path("<int:pk>/commit/", views.commit, name="import-commit"),
]
