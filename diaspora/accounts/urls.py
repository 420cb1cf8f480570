from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    # LoginView puts the host name in `site_name`; the pages show the deployment's.
    path(
        "login/",
        auth_views.LoginView.as_view(extra_context={"site_name": settings.DIASPORA_SITE_NAME}),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
