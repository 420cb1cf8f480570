from django.urls import path

from . import duplicate_views, erasure_views, record_views, views

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

# Mounted at /<language>/people/ by the root urls: the office's list and records.
office_urlpatterns = [
    path("", record_views.people_list, name="people"),
    path("export.<str:format>", record_views.people_export, name="people_export"),
    path("<int:pk>/", record_views.person_page, name="person"),
    path("<int:pk>/export/", record_views.person_export, name="person_export"),
]
