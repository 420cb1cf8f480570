from django.urls import URLPattern, URLResolver

# Logging in and out, passwords and second factors are allauth's, at the same
# /accounts/ prefix (diaspora/urls.py); the network's own account pages go here.
urlpatterns: list[URLPattern | URLResolver] = []
