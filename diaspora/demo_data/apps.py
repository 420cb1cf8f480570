from django.apps import AppConfig


class DemoDataConfig(AppConfig):
    name = "diaspora.demo_data"
    verbose_name = "Demo network"
