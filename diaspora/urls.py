from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from diaspora.accounts.admin_login import admin_login
from diaspora.api import api
from diaspora.operations.health import health
from diaspora.people import urls as people_urls
from diaspora.reports import urls as report_urls
from diaspora.reports.views import home

# The back office carries the deployment's name, not Django's.
admin.site.site_header = admin.site.site_title = settings.DIASPORA_SITE_NAME
admin.site.index_title = _("Back office")


def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: the static storage's manifest may not exist at import time.
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    path("api/", api.urls),
    path("health", health, name="health"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", favicon),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("diaspora.accounts.urls")),
    path("me/", include("diaspora.people.urls")),
    path("imports/", include("diaspora.imports.urls")),
    path("people/", include(people_urls.office_urlpatterns)),
    path("dashboard/", include("diaspora.reports.urls")),
    path("reports/", include(report_urls.report_urlpatterns)),
    path("chronicle/", include("diaspora.chronicle.urls")),
    path("duplicates/", include(people_urls.review_urlpatterns)),
    path("erasure/", include(people_urls.erasure_urlpatterns)),
    path("events/", include("diaspora.events.urls")),
    path("congress/", include("diaspora.congress.urls")),
    path("honours/", include("diaspora.honours.urls")),
    path("", home, name="home"),
    path("", include("diaspora.directory.urls")),
)

# Refusals and failures in the site's frame and the reader's language; JSON under /api/.
handler400 = "diaspora.errors.bad_request"
handler403 = "diaspora.errors.permission_denied"
handler404 = "diaspora.errors.page_not_found"
handler500 = "diaspora.errors.server_error"
