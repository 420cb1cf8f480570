from django.urls import path

from . import duplicate_views, erasure_views, views

urlpatterns = [
    path("", views.my_record, name="me"),
    path("consents/<int:consent_id>/withdraw/", views.withdraw_consent, name="withdraw_consent"),
    path("my-data.zip", views.my_data_download, name="my_data"),
    path("erasure/", views.request_erasure, name="request_erasure"),
]

# Mounted at /<language>/duplicates/ by the root urls.
review_urlpatterns = [
    path("", duplicate_views.duplicates, name="duplicates"),
    path("<int:pk>/", duplicate_views.duplicate, name="duplicate"),
    path("merges/<int:pk>/", duplicate_views.merge, name="merge"),
]

# Mounted at /<language>/erasure/ by the root urls: Committee staff only.
erasure_urlpatterns = [
    path("", erasure_views.erasure_requests, name="erasure_requests"),
    path("people/<int:person_id>/", erasure_views.erase, name="erase_person"),
    path("requests/<int:request_id>/decline/", erasure_views.decline, name="decline_erasure"),
]
