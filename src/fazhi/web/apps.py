from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fazhi.web"
    label = "web"

    def ready(self) -> None:
        from fazhi.web import publicity_links

        publicity_links.register()  # issue 20: activities name inspections and disputes by id
