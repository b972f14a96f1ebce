from django.apps import AppConfig


class ExampleConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}"
    verbose_name = {{ cookiecutter.project_name | python_string }}
    default_auto_field = "django.db.models.BigAutoField"
