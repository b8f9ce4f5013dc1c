from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo content: load_demo, its stories (content.py) and drawn photos (pictures.py)."""

    name = "demo"
