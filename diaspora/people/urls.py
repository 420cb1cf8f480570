from django.urls import path

from . import duplicate_views, views

urlpatterns = [
    path("", views.my_record, name="me"),
]

# Mounted at /<language>/duplicates/ by the root urls.
review_urlpatterns = [
    path("", duplicate_views.duplicates, name="duplicates"),
    path("<int:pk>/", duplicate_views.duplicate, name="duplicate"),
    path("merges/<int:pk>/", duplicate_views.merge, name="merge"),
]
